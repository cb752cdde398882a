import type { Catalog } from '../../src/catalog/catalog.js';
import { loadCatalog } from '../../src/catalog/load.js';
import { loadMappingData } from '../../src/data/mappings.js';
import { compileMappings, type MappingData, type MappingIndex } from '../../src/mapping/index.js';
import type { Event } from '../../src/model/event.js';

export const ACCOUNT = '111122223333';

let cached: Promise<{ index: MappingIndex; data: MappingData; catalog: Catalog }> | undefined;

/** The bundled mappings compiled against the real catalog, once for the whole test file. */
export function bundled(): Promise<{ index: MappingIndex; data: MappingData; catalog: Catalog }> {
  cached ??= Promise.all([loadMappingData(), loadCatalog()]).then(([data, catalog]) => ({
    index: compileMappings(data, catalog),
    data,
    catalog,
  }));
  return cached;
}

/** A Lambda function's role session calling an API in us-east-1, with the fields a fixture overrides. */
export function event(fields: Partial<Event> & Pick<Event, 'eventSource' | 'eventName'>): Event {
  return {
    eventID: 'e-1',
    eventTime: '2024-05-01T12:00:00.000Z',
    awsRegion: 'us-east-1',
    eventType: 'AwsApiCall',
    recipientAccountId: ACCOUNT,
    principal: {
      type: 'AssumedRole',
      accountId: ACCOUNT,
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/orders-role/orders`,
      roleArn: `arn:aws:iam::${ACCOUNT}:role/orders-role`,
      roleName: 'orders-role',
      sessionName: 'orders',
    },
    ...fields,
  };
}

/** A deep copy of the bundled mapping data, for tests that break one entry. */
export function copyOf(data: MappingData): MappingData {
  return { files: structuredClone(data.files) };
}

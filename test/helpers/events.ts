import type { Event } from '../../src/model/event.js';
import type { MappingResult } from '../../src/model/access.js';
import type { UsageMapper } from '../../src/usage/aggregate.js';

let counter = 0;

/** An event by a Lambda function's role session, with the fields usage reads. */
export function roleEvent(
  overrides: Partial<Event> & { role?: string; session?: string; account?: string } = {},
): Event {
  const { role = 'app-role', session = 'app-fn', account = '123456789012', ...rest } = overrides;
  counter++;
  return {
    eventID: `e-${counter}`,
    eventTime: '2026-11-01T10:00:00.000Z',
    eventSource: 'dynamodb.amazonaws.com',
    eventName: 'GetItem',
    awsRegion: 'us-east-1',
    principal: {
      type: 'AssumedRole',
      arn: `arn:aws:sts::${account}:assumed-role/${role}/${session}`,
      accountId: account,
      roleArn: `arn:aws:iam::${account}:role/${role}`,
      roleName: role,
      sessionName: session,
    },
    requestParameters: { tableName: 'T' },
    ...rest,
  };
}

/**
 * A mapper for usage tests: `service:EventName` on `requestParameters.arn` (or `*`), except the names
 * the test marks as unknown or as needing no permission.
 */
export const fakeMapper: UsageMapper = {
  mapEvent(event: Event): MappingResult {
    if (event.eventType === 'AwsConsoleSignIn') return { status: 'not-an-api-call', why: 'sign-in' };
    if (event.eventName === 'GetCallerIdentity') return { status: 'no-permission', why: 'none needed' };
    if (event.eventName.startsWith('Mystery')) return { status: 'unknown', why: 'not in mappings' };
    const service = event.eventSource.split('.')[0] ?? '';
    const arn = event.requestParameters?.['arn'];
    return {
      status: 'mapped',
      accesses: [{ action: `${service}:${event.eventName}`, resource: typeof arn === 'string' ? arn : '*' }],
      why: [],
    };
  },
  classifyError(code: string) {
    if (code === 'AccessDenied' || code === 'AccessDeniedException') return 'denied';
    if (code === 'ExpiredToken') return 'auth-failure';
    return 'use';
  },
  isDataEvent(event: Event) {
    return event.eventCategory === 'Data';
  },
};

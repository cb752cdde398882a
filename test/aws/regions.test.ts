import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { AccountClient, ListRegionsCommand } from '@aws-sdk/client-account';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { mockClient } from 'aws-sdk-client-mock';
import { runAnalyze } from '../../src/app/analyze.js';
import { awsClients } from '../../src/aws/clients.js';
import { enabledRegions, regionsToRead } from '../../src/aws/regions.js';
import { AwsAccessError } from '../../src/errors.js';
import { awsError, CLI_FIXTURE, fakeRetry, fixtureOptions } from './helpers.js';

const account = mockClient(AccountClient);
const trail = mockClient(CloudTrailClient);
afterEach(() => {
  account.reset();
  trail.reset();
});

const clients = () => awsClients({ region: 'us-east-1' });

describe('the account’s enabled regions', () => {
  it('lists every page, asks only for enabled regions, and sorts', async () => {
    account.on(ListRegionsCommand).resolves({
      Regions: [{ RegionName: 'us-east-1' }, { RegionName: 'eu-west-1' }],
      NextToken: 'p2',
    });
    account.on(ListRegionsCommand, { NextToken: 'p2' }).resolves({ Regions: [{ RegionName: 'ap-south-2' }] });
    assert.deepEqual(await enabledRegions(clients(), fakeRetry()), ['ap-south-2', 'eu-west-1', 'us-east-1']);
    const input = account.commandCalls(ListRegionsCommand)[0]?.args[0].input;
    assert.deepEqual(input?.RegionOptStatusContains, ['ENABLED', 'ENABLED_BY_DEFAULT']);
  });

  it('--regions wins and lists nothing', async () => {
    assert.deepEqual(await regionsToRead(clients(), ['eu-central-1']), ['eu-central-1']);
    assert.equal(account.commandCalls(ListRegionsCommand).length, 0);
  });

  it('a refusal names account:ListRegions and the way around it', async () => {
    account.on(ListRegionsCommand).rejects(awsError('AccessDeniedException', 403));
    await assert.rejects(
      enabledRegions(clients(), fakeRetry()),
      (e) =>
        e instanceof AwsAccessError && /account:ListRegions/.test(e.message) && /--regions/.test(e.message),
    );
  });

  it('--lookup-events without --regions asks every enabled region', async () => {
    account.on(ListRegionsCommand).resolves({
      Regions: [{ RegionName: 'us-east-1' }, { RegionName: 'eu-west-1' }],
    });
    const log = readFileSync(
      join(CLI_FIXTURE, 'logs', '111122223333_CloudTrail_us-east-1_20261101T1000Z_abc.json'),
      'utf8',
    );
    const records = (JSON.parse(log) as { Records: object[] }).Records;
    trail
      .on(LookupEventsCommand)
      .resolves({ Events: records.map((r) => ({ CloudTrailEvent: JSON.stringify(r) })) });
    await runAnalyze(fixtureOptions({ lookupEvents: true }));
    const asked = await Promise.all(
      trail.commandCalls(LookupEventsCommand).map((c) => c.thisValue.config.region()),
    );
    assert.deepEqual([...new Set(asked)].sort(), ['eu-west-1', 'us-east-1']);
  });
});

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { isProblem, normaliseRecord } from '../../src/activity/index.js';
import type { Event } from '../../src/model/event.js';
import { record } from './helpers.js';

const CORPUS = '/work/shared/corpus';

interface CorpusRecord {
  folder: string;
  line: number;
  raw: Record<string, unknown>;
}

const corpus: CorpusRecord[] = readdirSync(CORPUS, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) =>
    readFileSync(`${CORPUS}/${d.name}/records.jsonl`, 'utf8')
      .split('\n')
      .flatMap((text, i) =>
        text.trim() === ''
          ? []
          : [{ folder: d.name, line: i + 1, raw: JSON.parse(text) as Record<string, unknown> }],
      ),
  );

function find(predicate: (raw: Record<string, unknown>) => boolean): Record<string, unknown> {
  const found = corpus.find((c) => predicate(c.raw));
  assert.ok(found, 'no corpus record matches');
  return found.raw;
}

function event(raw: unknown): Event {
  const result = normaliseRecord(raw);
  if (isProblem(result)) assert.fail(result.problem);
  return result;
}

const identity = (raw: Record<string, unknown>): Record<string, unknown> =>
  (raw['userIdentity'] ?? {}) as Record<string, unknown>;

test('every corpus record normalises or names its problem; the problems are few and known', () => {
  assert.ok(corpus.length > 1500);
  const problems = new Map<string, number>();
  for (const { folder, raw } of corpus) {
    const result = normaliseRecord(raw);
    if (!isProblem(result)) continue;
    const kind = result.problem.startsWith('eventTime') ? 'eventTime is not a time' : result.problem;
    const key = `${folder}: ${kind}`;
    problems.set(key, (problems.get(key) ?? 0) + 1);
  }
  // Hand-written fixtures without a time, or with a placeholder ("...", "redacted", "eventTime",
  // "yyyy-mm-ddThh:mm:ssZ", day 00): an event without a time cannot be placed in a window.
  assert.deepEqual(Object.fromEntries([...problems].sort()), {
    'awsdocs: eventTime is not a time': 1,
    'cloud-custodian: missing eventTime': 3,
    'misc-small: missing eventTime': 1,
    'panther-analysis: eventTime is not a time': 3,
    'panther-analysis: missing eventTime': 20,
    'streamalert: eventTime is not a time': 13,
    'trailscraper: missing eventTime': 2,
  });
});

test('corpus events: canonical times, no credentials, deterministic, input untouched', () => {
  const canonical = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
  for (const { folder, line, raw } of corpus) {
    const before = structuredClone(raw);
    const result = normaliseRecord(raw);
    assert.deepEqual(raw, before, `${folder}:${line} mutated`);
    if (isProblem(result)) continue;
    assert.deepEqual(normaliseRecord(structuredClone(raw)), result);
    assert.match(result.eventTime, canonical, `${folder}:${line}`);
    const text = JSON.stringify(result);
    assert.doesNotMatch(
      text,
      /"(accessKeyId|accesKeyId|sessionToken|secretAccessKey)"/i,
      `${folder}:${line}`,
    );
    // The session's access key must not survive anywhere (unless the record also has it elsewhere,
    // as a documentation sample that pasted it into an ARN does).
    const key = identity(raw)['accessKeyId'];
    const elsewhere = JSON.stringify({ ...raw, userIdentity: { ...identity(raw), accessKeyId: null } });
    if (typeof key === 'string' && key.length >= 16 && !elsewhere.includes(key)) {
      assert.ok(!text.includes(key), `${folder}:${line} leaks ${key}`);
    }
  }
});

test('resources[]: ARN, arn and ARNPrefix keys', () => {
  const upper = event(find((r) => JSON.stringify(r['resources'] ?? '').includes('"ARN"')));
  assert.ok(upper.resources?.some((r) => r.arn?.startsWith('arn:')));
  const lower = find(
    (r) => Array.isArray(r['resources']) && JSON.stringify(r['resources']).includes('"arn"'),
  );
  assert.ok(event(lower).resources?.some((r) => r.arn?.startsWith('arn:')));
  const prefix = event(find((r) => JSON.stringify(r['resources'] ?? '').includes('"ARNPrefix":"arn:')));
  assert.ok(prefix.resources?.some((r) => r.arnPrefix?.startsWith('arn:')));
  // Junk entries (a Python dict as a string, `{id: 2}`) are dropped, not passed on.
  const junk = event(
    record(1, { resources: ["{'arn': 'x'}", { id: 2 }, { ARN: 'arn:aws:s3:::b', type: 'AWS::S3::Bucket' }] }),
  );
  assert.deepEqual(junk.resources, [{ arn: 'arn:aws:s3:::b', type: 'AWS::S3::Bucket' }]);
  assert.equal(event(record(1, { resources: null })).resources, undefined);
});

test('AssumedRole: sessionIssuer gives the role ARN with its path; without it, the STS ARN', () => {
  const issued = event(
    find((r) => {
      const issuer = (identity(r)['sessionContext'] as { sessionIssuer?: { arn?: string } } | undefined)
        ?.sessionIssuer;
      return (
        identity(r)['type'] === 'AssumedRole' &&
        (issuer?.arn ?? '').includes(':role/aws-reserved/sso.amazonaws.com/')
      );
    }),
  );
  assert.match(issued.principal.roleArn ?? '', /:role\/aws-reserved\/sso\.amazonaws\.com\/[\w-]+\/\w+$/);
  assert.equal(issued.principal.roleName, issued.principal.roleArn?.split('/').at(-1));
  assert.ok(issued.principal.sessionName);

  const bare = event(
    find(
      (r) =>
        identity(r)['arn'] === 'arn:aws:sts::111111111111:assumed-role/some-role/some-user' &&
        'eventTime' in r,
    ),
  );
  assert.deepEqual(bare.principal, {
    type: 'AssumedRole',
    arn: 'arn:aws:sts::111111111111:assumed-role/some-role/some-user',
    accountId: '111111111111',
    roleArn: 'arn:aws:iam::111111111111:role/some-role',
    roleName: 'some-role',
    sessionName: 'some-user',
  });

  const govCloud = event(
    record(1, {
      userIdentity: { type: 'AssumedRole', arn: 'arn:aws-us-gov:sts::222222222222:assumed-role/r/s' },
    }),
  );
  assert.equal(govCloud.principal.roleArn, 'arn:aws-us-gov:iam::222222222222:role/r');
  const lambda = event(
    record(1, {
      userIdentity: {
        type: 'AssumedRole',
        principalId: 'AROAEXAMPLE:orders-fn',
        sessionContext: {
          sessionIssuer: {
            type: 'Role',
            arn: 'arn:aws:iam::1:role/service-role/orders-role',
            userName: 'orders-role',
          },
        },
      },
    }),
  );
  assert.deepEqual(lambda.principal, {
    type: 'AssumedRole',
    roleArn: 'arn:aws:iam::1:role/service-role/orders-role',
    roleName: 'orders-role',
    sessionName: 'orders-fn',
  });
});

test('principals: IAMUser arn, AWSService invokedBy, lower-case keys, nothing for a missing identity', () => {
  const user = event(
    find((r) => identity(r)['type'] === 'IAMUser' && typeof identity(r)['arn'] === 'string'),
  );
  assert.equal(user.principal.type, 'IAMUser');
  assert.match(user.principal.arn ?? '', /^arn:aws:iam::\d+:user\//);
  const service = event(
    find((r) => identity(r)['type'] === 'AWSService' && typeof identity(r)['invokedBy'] === 'string'),
  );
  assert.match(service.principal.invokedBy ?? '', /\.amazonaws\.com$/);
  const lower = event(find((r) => 'accountid' in identity(r) && 'eventTime' in r));
  assert.match(lower.principal.accountId ?? '', /^\d{12}$/);
  assert.deepEqual(event(record(1, { userIdentity: undefined })).principal, { type: 'Unknown' });
  assert.deepEqual(event(record(1, { userIdentity: { type: '...', arn: '...' } })).principal, {
    type: 'Unknown',
  });
});

test('old eventVersions: managementEvent and eventCategory stay absent', () => {
  const old = event(find((r) => r['eventVersion'] === '1.02' && !('managementEvent' in r)));
  assert.equal(old.managementEvent, undefined);
  assert.equal(old.eventCategory, undefined);
});

test('strings for booleans and objects: parsed when they parse, else dropped', () => {
  const stringy = event(find((r) => r['readOnly'] === 'false' && r['managementEvent'] === 'true'));
  assert.equal(stringy.readOnly, false);
  assert.equal(stringy.managementEvent, true);
  assert.equal(stringy.responseElements, undefined); // "null"
  assert.equal(event(find((r) => r['readOnly'] === 'True')).readOnly, true);
  const parsed = event(
    record(1, { requestParameters: '{"bucketName":"b"}', responseElements: 'null', readOnly: 'maybe' }),
  );
  assert.deepEqual(parsed.requestParameters, { bucketName: 'b' });
  assert.equal(parsed.responseElements, undefined);
  assert.equal(parsed.readOnly, undefined);
  const prose = event(find((r) => typeof r['additionalEventData'] === 'string'));
  assert.equal(prose.additionalEventData, undefined);
});

test('streamalert "..." placeholders count as absent', () => {
  const raw = find((r) => r['eventID'] === '...' && r['awsRegion'] === '...');
  assert.deepEqual(normaliseRecord(raw), { problem: 'eventTime "..." is not a time' });
  const filled = event({ ...raw, eventTime: '2026-01-02T03:04:05Z' });
  assert.match(filled.eventID, /^synthetic-[0-9a-f]{32}$/);
  assert.equal(filled.awsRegion, '');
  assert.equal(filled.recipientAccountId, undefined);
});

test('eventTime: every shape seen becomes ISO UTC with milliseconds', () => {
  const cases: [string, string][] = [
    ['2026-01-02T03:04:05Z', '2026-01-02T03:04:05.000Z'],
    ['2026-01-02T03:04:05.123Z', '2026-01-02T03:04:05.123Z'],
    ['2026-01-02 03:04:05', '2026-01-02T03:04:05.000Z'],
    ['2026-01-02 03:04:05.123456789', '2026-01-02T03:04:05.123Z'],
    ['2026-01-02T03:04:05.5Z', '2026-01-02T03:04:05.500Z'],
    ['2026-01-02T03:04:05+02:00', '2026-01-02T01:04:05.000Z'],
    ['2026-01-02T00:30:00-01:00', '2026-01-02T01:30:00.000Z'],
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'],
  ];
  for (const [input, expected] of cases)
    assert.equal(event(record(1, { eventTime: input })).eventTime, expected, input);
  for (const bad of [
    '...',
    'redacted',
    '2019-01-00T00:00:00Z',
    '2023-02-29T00:00:00Z',
    '2026-13-01T00:00:00Z',
    1700000000,
  ]) {
    assert.match(
      (normaliseRecord(record(1, { eventTime: bad })) as { problem: string }).problem,
      /is not a time$/,
    );
  }
  // Logstash/Elastic exports (OTRF) keep the time in @timestamp.
  const otrf = event(find((r) => '@timestamp' in r && !('eventTime' in r)));
  assert.match(otrf.eventTime, /^2020-09-14T/);
});

test('a record without eventID gets a stable synthetic one, whatever its key order', () => {
  const raw = find((r) => !('eventID' in r) && 'eventTime' in r && 'eventSource' in r);
  const a = event(raw);
  const reordered = Object.fromEntries(Object.entries(raw).reverse());
  assert.equal(event(reordered).eventID, a.eventID);
  assert.notEqual(event({ ...raw, eventName: 'Other' }).eventID, a.eventID);
});

test('required fields: eventSource, eventName, eventTime', () => {
  assert.deepEqual(normaliseRecord(record(1, { eventSource: undefined })), {
    problem: 'missing eventSource',
  });
  assert.deepEqual(normaliseRecord(record(1, { eventName: '' })), { problem: 'missing eventName' });
  assert.deepEqual(normaliseRecord(record(1, { eventTime: null })), { problem: 'missing eventTime' });
  assert.deepEqual(normaliseRecord('x'), { problem: 'not a CloudTrail record (a string)' });
  assert.deepEqual(normaliseRecord([1]), { problem: 'not a CloudTrail record (an array)' });
});

test('envelopes: LookupEvents entries and EventBridge events are unwrapped', () => {
  const raw = record(7);
  assert.deepEqual(event({ EventId: 'x', CloudTrailEvent: JSON.stringify(raw) }), event(raw));
  assert.deepEqual(event({ EventId: 'x', CloudTrailEvent: raw }), event(raw));
  const bridge = {
    'detail-type': 'AWS API Call via CloudTrail',
    time: '2026-01-02T03:04:05Z',
    region: 'eu-west-1',
    detail: raw,
  };
  assert.deepEqual(event(bridge), event(raw));
  const noTime = event({ ...bridge, detail: { ...raw, eventTime: undefined, awsRegion: undefined } });
  assert.equal(noTime.eventTime, '2026-01-02T03:04:05.000Z');
  assert.equal(noTime.awsRegion, 'eu-west-1');
  assert.match(
    (
      normaliseRecord({
        'detail-type': 'EC2 Instance State-change Notification',
        detail: { state: 'running' },
      }) as { problem: string }
    ).problem,
    /does not carry a CloudTrail record/,
  );
});

test('credentials in responses and requests are removed at any depth', () => {
  const raw = find((r) => JSON.stringify(r['responseElements'] ?? '').includes('sessionToken'));
  const e = event(raw);
  const credentials = (e.responseElements as { credentials?: Record<string, unknown> }).credentials;
  assert.ok(credentials && !('sessionToken' in credentials) && !('accessKeyId' in credentials));
  assert.ok('expiration' in credentials);
  const nested = event(
    record(1, { requestParameters: { a: [{ b: { SessionToken: 't', SecretAccessKey: 's', keep: 1 } }] } }),
  );
  assert.deepEqual(nested.requestParameters, { a: [{ b: { keep: 1 } }] });
});

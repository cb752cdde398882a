import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InputError } from '../../src/errors.js';
import { compileMappings, mapEvent, type MappingData } from '../../src/mapping/index.js';
import { Formats } from '../../src/mapping/plans.js';
import { unmappedActions } from '../../scripts/lib/unmapped.js';
import { bundled, copyOf, event } from './helpers.js';

type NotReal = { entries: { eventSource: string; eventName: string; why: string }[] };
type Additions = { catalogAdditions: { action: string; resourceTypes: string[]; why: string }[] };

async function rejects(data: MappingData, file: string, pointer: string, problem: RegExp): Promise<void> {
  const { catalog } = await bundled();
  assert.throws(
    () => compileMappings(data, catalog),
    (e: unknown) => {
      assert.ok(e instanceof InputError, String(e));
      assert.equal(e.file, `mappings/${file}`);
      assert.equal(e.pointer, pointer);
      assert.match(e.problem, problem);
      return true;
    },
  );
}

test('not-real-events.json: a pair cannot also have an exception in its service file, nor be listed twice', async () => {
  const base = (await bundled()).data;
  const conflict = copyOf(base);
  const list = conflict.files['not-real-events.json'] as NotReal;
  list.entries.push({ eventSource: 'lambda.amazonaws.com', eventName: 'Invoke', why: 'x' });
  await rejects(
    conflict,
    'not-real-events.json',
    `/entries/${list.entries.length - 1}`,
    /also has an entry in mappings\/services\/lambda\.json/,
  );

  const twice = copyOf(base);
  const entries = (twice.files['not-real-events.json'] as NotReal).entries;
  entries.push({ ...entries[0]! });
  await rejects(twice, 'not-real-events.json', `/entries/${entries.length - 1}`, /listed twice/);
});

test('a listed pair is unknown with its reason even where its source names no IAM service', async () => {
  const { index } = await bundled();
  const result = mapEvent(
    event({ eventSource: 'macie.amazonaws.com', eventName: 'UpdateMacieSession' }),
    index,
  );
  assert.equal(result.status, 'unknown');
  assert.match(
    result.status === 'unknown' ? result.why : '',
    /macie2\.amazonaws\.com.*not-real-events\.json/,
  );
});

test('catalogAdditions: the action must be the file service’s, spelled as the catalog does, and the types must exist', async () => {
  const base = (await bundled()).data;
  const foreign = copyOf(base);
  (foreign.files['services/apigateway.json'] as Additions).catalogAdditions[0]!.action = 's3:GetObject';
  await rejects(foreign, 'services/apigateway.json', '/catalogAdditions/0/action', /not a apigateway action/);

  const spelling = copyOf(base);
  (spelling.files['services/apigateway.json'] as Additions).catalogAdditions[0]!.action = 'apigateway:delete';
  await rejects(spelling, 'services/apigateway.json', '/catalogAdditions/0/action', /spell it/);

  const type = copyOf(base);
  (type.files['services/apigateway.json'] as Additions).catalogAdditions[0]!.resourceTypes = ['Unicorn'];
  await rejects(
    type,
    'services/apigateway.json',
    '/catalogAdditions/0/resourceTypes/0',
    /no resource type Unicorn/,
  );
});

test('a resource type with several ARN formats: each is a variant, and a rule gets the one whose names it binds', async () => {
  const { catalog } = await bundled();
  const formats = new Formats(catalog);
  const stage = formats.all('apigateway', 'Stage');
  assert.deepEqual(
    stage.map((f) => f.text),
    [
      'arn:${Partition}:apigateway:${Region}::/apis/${ApiId}/stages/${StageName}',
      'arn:${Partition}:apigateway:${Region}::/restapis/${RestApiId}/stages/${StageName}',
    ],
  );
  const rest = formats.forRule('apigateway', 'Stage', { bind: { RestApiId: 'a', StageName: 'b' } });
  assert.equal(rest?.names.join(), 'RestApiId,StageName');
  const http = formats.forRule('apigateway', 'Stage', { bind: { ApiId: 'a', StageName: 'b' } });
  assert.equal(http?.names.join(), 'ApiId,StageName');
  // A single-format type is the one format, whatever the rule binds.
  assert.equal(formats.all('s3', 'bucket').length, 1);
});

test('versioned names: the suffix is stripped only when the full name is no action, for every Lambda and CloudFront action', async () => {
  const { index, catalog } = await bundled();
  const cases: [string, string, string][] = [
    ['lambda', 'lambda.amazonaws.com', '20150331v2'],
    ['cloudfront', 'cloudfront.amazonaws.com', '2020_05_31'],
  ];
  for (const [service, eventSource, suffix] of cases) {
    const rules = index.plan.services.get(service);
    for (const action of catalog.actions(service)) {
      // Exceptions (Invoke …) and names listed as not real map on their own terms.
      if (rules?.events.has(action.name)) continue;
      if (index.notRealEvents.has(`${eventSource}\n${action.name}`)) continue;
      const plain = mapEvent(event({ eventSource, eventName: action.name }), index);
      const versioned = mapEvent(event({ eventSource, eventName: `${action.name}${suffix}` }), index);
      const actions = (r: typeof plain): string[] =>
        r.status === 'mapped' ? [...new Set(r.accesses.map((a) => a.action))] : [r.status];
      assert.deepEqual(actions(plain), [`${service}:${action.name}`], action.name);
      assert.deepEqual(actions(versioned), actions(plain), `${action.name}${suffix}`);
    }
  }
});

test('scripts/lib/unmapped: an action is produced by an exception or by an operation of its name', async () => {
  const { index } = await bundled();
  const lambda = unmappedActions(index, 'lambda', new Set(['invoke', 'getfunction']));
  assert.ok(!lambda.never.includes('lambda:InvokeFunction'), 'Invoke produces it');
  assert.ok(!lambda.never.includes('lambda:GetFunction'), 'the general rule produces it');
  assert.ok(lambda.never.includes('lambda:ListFunctions'), 'no operation of that name was given');
  // Without operations every name counts, except those mappings/ decides otherwise and nothing produces.
  assert.deepEqual(unmappedActions(index, 'sqs').never, []);
});

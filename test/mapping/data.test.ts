import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InputError } from '../../src/errors.js';
import { compileMappings, type MappingData } from '../../src/mapping/index.js';
import { bundled, copyOf } from './helpers.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every action named anywhere in mappings/, with where it was found. */
function actionsIn(value: Json, where: string, out: [string, string][]): [string, string][] {
  if (Array.isArray(value)) value.forEach((v, i) => actionsIn(v, `${where}/${i}`, out));
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'action' && typeof v === 'string') out.push([v, `${where}/${k}`]);
      else if ((k === 'actions' || k === 'qualifiedFor') && Array.isArray(v)) {
        v.forEach((a, i) => typeof a === 'string' && out.push([a, `${where}/${k}/${i}`]));
      } else actionsIn(v, `${where}/${k}`, out);
    }
  }
  return out;
}

test('every action in mappings/ exists in the IAM catalog, spelled as the catalog spells it', async () => {
  const { data, catalog } = await bundled();
  const found = Object.entries(data.files).flatMap(([file, json]) => actionsIn(json as Json, file, []));
  assert.ok(found.length > 100, `only ${found.length} actions found`);
  for (const [action, where] of found) {
    const expanded = catalog.expand(action);
    assert.ok(expanded.length > 0, `${where}: ${action} is not in the catalog`);
    if (!/[*?]/.test(action))
      assert.equal(catalog.canonical(action), action, `${where}: spelling of ${action}`);
  }
});

test('every file has schemaVersion 1 and every entry a why; service entries cite an AWS document', async () => {
  const { data } = await bundled();
  for (const [file, json] of Object.entries(data.files)) {
    const o = json as Record<string, Json>;
    assert.equal(o['schemaVersion'], 1, file);
    if (!file.startsWith('services/')) continue;
    assert.match(String(o['why']), /https:\/\/docs\.aws\.amazon\.com\//, `${file} why`);
    for (const [name, entry] of Object.entries((o['events'] ?? {}) as Record<string, Record<string, Json>>)) {
      const why = String(entry['why']);
      // An entry saying a record is not real needs no source; every mapping does.
      if (entry['status'] !== 'unknown')
        assert.match(why, /https:\/\/docs\.aws\.amazon\.com\//, `${file} ${name}`);
    }
  }
  const sources = data.files['event-sources.json'] as { eventSources: Record<string, { why: string }> };
  for (const [source, entry] of Object.entries(sources.eventSources))
    assert.match(entry.why, /https:\/\//, source);
});

function rejects(data: MappingData, file: string, pointer: string, problem: RegExp): Promise<void> {
  return bundled().then(({ catalog }) => {
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
  });
}

test('compileMappings rejects a bad schemaVersion, naming file and entry', async () => {
  const data = copyOf((await bundled()).data);
  (data.files['services/s3.json'] as Record<string, unknown>)['schemaVersion'] = 2;
  await rejects(data, 'services/s3.json', '/schemaVersion', /schemaVersion 2/);
});

test('compileMappings rejects an unknown action', async () => {
  const data = copyOf((await bundled()).data);
  const s3 = data.files['services/s3.json'] as { events: Record<string, { accesses: { action: string }[] }> };
  const first = s3.events['ListBuckets']?.accesses[0];
  assert.ok(first);
  first.action = 's3:ListEveryBucket';
  await rejects(
    data,
    'services/s3.json',
    '/events/ListBuckets/accesses/0/action',
    /unknown action s3:ListEveryBucket/,
  );
});

test('compileMappings rejects an action not spelled as the catalog does', async () => {
  const data = copyOf((await bundled()).data);
  const sqs = data.files['services/sqs.json'] as {
    events: Record<string, { accesses: { action: string }[] }>;
  };
  const first = sqs.events['SendMessageBatch']?.accesses[0];
  assert.ok(first);
  first.action = 'sqs:sendmessage';
  await rejects(data, 'services/sqs.json', '/events/SendMessageBatch/accesses/0/action', /sqs:SendMessage/);
});

test('compileMappings rejects a template that leaves an ARN placeholder without a value', async () => {
  const data = copyOf((await bundled()).data);
  const s3 = data.files['services/s3.json'] as { resources: Record<string, unknown> };
  s3.resources['object'] = { from: 'key' };
  await rejects(
    data,
    'services/s3.json',
    '/resources/object/0',
    /bad template: no value for BucketName, ObjectName/,
  );
});

test('compileMappings rejects a match group that is no placeholder of the format', async () => {
  const data = copyOf((await bundled()).data);
  const sqs = data.files['services/sqs.json'] as { resources: Record<string, unknown> };
  sqs.resources['queue'] = { from: 'queueUrl', match: '(?<Queue>.+)' };
  await rejects(data, 'services/sqs.json', '/resources/queue/0', /match group Queue/);
});

test('compileMappings rejects unknown keys, resource types and blind-spot actions', async () => {
  const base = (await bundled()).data;
  const typo = copyOf(base);
  (typo.files['services/sns.json'] as Record<string, unknown>)['event'] = {};
  await rejects(typo, 'services/sns.json', '/event', /unknown key/);

  const type = copyOf(base);
  (type.files['services/sns.json'] as { resources: Record<string, unknown> }).resources['queue'] = {
    from: 'x',
  };
  await rejects(type, 'services/sns.json', '/resources/queue', /no resource type queue/);

  const blind = copyOf(base);
  (blind.files['blind-spots.json'] as { notLogged: { actions: string[] }[] }).notLogged[0]!.actions = [
    'logs:PutLogEvent',
  ];
  await rejects(blind, 'blind-spots.json', '/notLogged/0/actions/0', /unknown action logs:PutLogEvent/);

  const missing = copyOf(base);
  delete missing.files['error-codes.json'];
  await assert.rejects(
    async () => compileMappings(missing, (await bundled()).catalog),
    /error-codes\.json: \/: missing|error-codes\.json: missing/,
  );
});

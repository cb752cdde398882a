/**
 * Lists, for the services Lambda workloads use most, the catalog actions no CloudTrail eventName maps
 * to (neither the general rule with a same-named action nor an exception in mappings/): the blind spots a
 * person should look at. Not run in CI.
 *
 *   node --import tsx scripts/unmapped-actions.ts [--operations DIR] [--json] [SERVICE ...]
 *
 * --operations DIR: a botocore `data` folder (`python3 -c 'import botocore,os;print(os.path.dirname(
 * botocore.__file__))'`/data). Its service models name the real API operations, so an action whose name
 * is no operation (s3:GetObjectVersion, lambda:InvokeFunction) counts only when an exception produces it.
 * Without it every action name is taken for an eventName.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { loadMappingIndex } from '../src/data/mappings.js';
import type { MappingIndex } from '../src/mapping/index.js';
import { unmappedActions, type Unmapped } from './lib/unmapped.js';

const TOP = [
  's3',
  'dynamodb',
  'sqs',
  'sns',
  'lambda',
  'kms',
  'secretsmanager',
  'ssm',
  'logs',
  'states',
  'events',
  'kinesis',
  'sts',
  'iam',
  'cloudwatch',
  'xray',
  'ec2',
  'ecr',
  'firehose',
  'athena',
  'glue',
  'ses',
  'cognito-idp',
  'apigateway',
  'cloudformation',
  'rds-data',
  'elasticache',
  'es',
  'bedrock',
  'sagemaker',
];

interface Model {
  metadata: { signingName?: string; endpointPrefix?: string };
  operations: Record<string, unknown>;
}

/** IAM prefix → API operation names (lower-cased) from every service model of a botocore data folder. */
function operationsFrom(dir: string, index: MappingIndex): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const folders = readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory());
  for (const name of folders.map((d) => d.name).sort()) {
    const versions = readdirSync(join(dir, name)).sort();
    const latest = versions.filter((v) => /^\d{4}-\d{2}-\d{2}$/.test(v)).at(-1);
    if (latest === undefined) continue;
    const base = join(dir, name, latest, 'service-2.json');
    const text = existsSync(base)
      ? readFileSync(base, 'utf8')
      : existsSync(`${base}.gz`)
        ? gunzipSync(readFileSync(`${base}.gz`)).toString('utf8')
        : undefined;
    if (text === undefined) continue;
    const model = JSON.parse(text) as Model;
    // The signing name is the IAM prefix for nearly every service (bedrock-runtime signs as bedrock).
    const prefix = [model.metadata.signingName, model.metadata.endpointPrefix, name].find(
      (p) => p !== undefined && index.catalog.hasService(p),
    );
    if (prefix === undefined) continue;
    const set = out.get(prefix) ?? new Set<string>();
    for (const op of Object.keys(model.operations)) set.add(op.toLowerCase());
    out.set(prefix, set);
  }
  return out;
}

function parse(argv: string[]): { operations?: string; json: boolean; services: string[] } {
  const out: { operations?: string; json: boolean; services: string[] } = { json: false, services: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--json') out.json = true;
    else if (arg === '--operations') {
      const dir = argv[++i];
      if (dir === undefined) throw new Error('--operations needs a folder');
      out.operations = dir;
    } else out.services.push(arg);
  }
  return out;
}

async function main(): Promise<void> {
  const args = parse(process.argv.slice(2));
  const index = await loadMappingIndex();
  const operations = args.operations === undefined ? undefined : operationsFrom(args.operations, index);
  const results: Unmapped[] = (args.services.length > 0 ? args.services : TOP).map((s) =>
    unmappedActions(index, s, operations?.get(s) ?? (operations === undefined ? undefined : new Set())),
  );
  if (args.json) {
    process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
    return;
  }
  if (operations === undefined)
    process.stdout.write('(no --operations: every action name is taken for an eventName)\n');
  for (const r of results) {
    process.stdout.write(`${r.service}: ${r.never.length} of ${r.total} actions no eventName maps to\n`);
    for (const a of r.never) process.stdout.write(`  ${a}\n`);
  }
}

await main();

/**
 * Synthetic CloudTrail logs for pare's benchmark: `events` records in `files` `.json.gz` files in a
 * trail's S3 layout, over the 30 days ending 2026-11-28, for `functions` Lambda functions (one role
 * each, popularity falling off like a power law), with iam.json and lambda.json to match and a
 * manifest.json that says what was generated (scripts/bench.ts compares it to reuse a cached set).
 *
 *   node --import tsx scripts/make-bench-logs.ts [--dir .bench/x1] [--events 1000000] [--files 2000]
 *     [--functions 200] [--seed bench] [--scale 4]
 *
 * --scale multiplies events and files (4 for the 4x memory check). Gzip runs on libuv's thread pool
 * while the next file is built, so both cores work.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { Prng } from './lib/prng.js';
import { AWSLambdaBasicExecutionRole } from './lib/iam/managed-policies.js';
import { authorizationDetails } from './lib/iam/snapshot.js';
import { listFunctions } from './lib/lambda-inventory.js';
import {
  BENCH_ACCOUNT,
  BENCH_REGION,
  buildFunctions,
  noiseRecord,
  sessionIdentity,
  type BenchFunction,
  type Slots,
  type Template,
} from './lib/bench-profiles.js';
import { REPO_ROOT } from './lib/output.js';

const gzipAsync = promisify(gzip);

export interface BenchOptions {
  dir: string;
  events?: number;
  files?: number;
  seed?: string;
  functions?: number;
  /** zlib level; CloudTrail's own files are ordinary gzip, the level only changes size and speed here. */
  gzipLevel?: number;
}

export interface BenchResult {
  dir: string;
  logsDir: string;
  iamPath: string;
  lambdaPath: string;
  events: number;
  files: number;
  functions: number;
  bytes: number;
  ms: number;
}

interface Manifest {
  version: 1;
  account: string;
  events: number;
  files: number;
  functions: number;
  seed: string;
  gzipLevel: number;
  bytes: number;
}

const DAY = 86_400_000;
const END = Date.UTC(2026, 10, 29) - 1000;
const START = END - 30 * DAY;
const IN_FLIGHT = 6;

const hex8 = (p: Prng): string =>
  Math.floor(p.next() * 4294967296)
    .toString(16)
    .padStart(8, '0');
function uuid(p: Prng): string {
  const a = hex8(p);
  const b = hex8(p);
  const c = hex8(p);
  const d = hex8(p);
  return `${a}-${b.slice(0, 4)}-4${b.slice(5)}-${'89ab'[c.charCodeAt(0) % 4]}${c.slice(1, 4)}-${c.slice(4)}${d}`;
}

/** Index into `cumulative` for a uniform draw: the function a record belongs to. */
function sample(cumulative: Float64Array, x: number): number {
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((cumulative[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function filePath(p: Prng, deliveredAt: number): string {
  const iso = new Date(deliveredAt).toISOString();
  const day = `${iso.slice(0, 4)}/${iso.slice(5, 7)}/${iso.slice(8, 10)}`;
  const stamp = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}Z`;
  return `AWSLogs/${BENCH_ACCOUNT}/CloudTrail/${BENCH_REGION}/${day}/${BENCH_ACCOUNT}_CloudTrail_${BENCH_REGION}_${stamp}_${p.alnum(16)}.json.gz`;
}

function grantsFor(functions: readonly BenchFunction[]) {
  const iam = authorizationDetails({
    accountId: BENCH_ACCOUNT,
    users: [],
    groups: [],
    customerPolicies: [],
    roles: functions.map((f) => ({
      name: f.roleName,
      path: '/',
      id: f.roleId,
      createDate: '2026-01-01T00:00:00+00:00',
      trust: {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
        ],
      },
      inline: [{ name: `${f.name}-access`, document: { Version: '2012-10-17', Statement: f.statements } }],
      managed: [AWSLambdaBasicExecutionRole],
      tags: {},
    })),
  });
  const lambda = listFunctions(
    functions.map((f) => ({
      name: f.name,
      accountId: BENCH_ACCOUNT,
      region: BENCH_REGION,
      roleArn: f.roleArn,
      runtime: f.runtime,
      handler: 'index.handler',
      description: '',
      timeout: 30,
      memorySize: 512,
      codeSize: 4096,
      lastModified: '2026-10-01T00:00:00.000+0000',
      tracing: 'PassThrough' as const,
      architecture: 'arm64' as const,
    })),
    new Prng('bench-inventory'),
  );
  return { iam, lambda };
}

export async function makeBenchLogs(options: BenchOptions): Promise<BenchResult> {
  const started = performance.now();
  const events = options.events ?? 1_000_000;
  const files = options.files ?? 2_000;
  const count = options.functions ?? 200;
  const seed = options.seed ?? 'bench';
  const level = options.gzipLevel ?? 1;
  const dir = options.dir;
  const logsDir = join(dir, 'logs');
  const prng = new Prng(seed);
  const functions = buildFunctions(prng.fork('functions'), count);
  const cumulative = new Float64Array(functions.length);
  let total = 0;
  functions.forEach((f, i) => (cumulative[i] = total += f.weight));

  await rm(dir, { recursive: true, force: true });
  const ids = prng.fork('ids');
  const span = (END - START) / files;
  const pending = new Set<Promise<void>>();
  let bytes = 0;
  let written = 0;
  for (let f = 0; f < files; f++) {
    const n = Math.floor(events / files) + (f < events % files ? 1 : 0);
    const from = START + f * span;
    const sessions = new Map<BenchFunction, string>();
    const parts: string[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const t = Math.floor(from + (i * span) / n);
      const slots: Slots = {
        time: new Date(t).toISOString().slice(0, 19) + 'Z',
        eventId: uuid(ids),
        requestId: uuid(ids),
        token: hex8(ids) + hex8(ids),
      };
      const fn = functions[sample(cumulative, ids.next() * total)] as BenchFunction;
      const roll = ids.next();
      if (roll < 0.03) {
        parts[i] = noiseRecord(roll < 0.02 ? 0 : 1, slots, fn);
        continue;
      }
      let identity = sessions.get(fn);
      if (identity === undefined) {
        identity = sessionIdentity(fn, `ASIA${ids.upperAlnum(16)}`, slots.time);
        sessions.set(fn, identity);
      }
      const kind = ids.next();
      const template =
        kind < 0.02
          ? fn.coldStart
          : fn.denied && kind < 0.03
            ? fn.denied
            : (fn.templates[Math.floor(ids.next() * fn.templates.length)] as Template);
      parts[i] = template(identity, slots);
    }
    const target = join(logsDir, ...filePath(ids, from + span).split('/'));
    const body = Buffer.from(`{"Records":[${parts.join(',')}]}`);
    const job = (async () => {
      const data = await gzipAsync(body, { level });
      await mkdir(join(target, '..'), { recursive: true });
      await writeFile(target, data);
      bytes += data.length;
      written += n;
    })();
    pending.add(job);
    void job.finally(() => pending.delete(job));
    if (pending.size >= IN_FLIGHT) await Promise.race(pending);
  }
  await Promise.all(pending);

  const { iam, lambda } = grantsFor(functions);
  const iamPath = join(dir, 'iam.json');
  const lambdaPath = join(dir, 'lambda.json');
  await writeFile(iamPath, JSON.stringify(iam));
  await writeFile(lambdaPath, JSON.stringify(lambda));
  const manifest: Manifest = {
    version: 1,
    account: BENCH_ACCOUNT,
    events: written,
    files,
    functions: count,
    seed,
    gzipLevel: level,
    bytes,
  };
  await writeFile(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return {
    dir,
    logsDir,
    iamPath,
    lambdaPath,
    events: written,
    files,
    functions: count,
    bytes,
    ms: Math.round(performance.now() - started),
  };
}

/** The manifest of a generated set, if `dir` holds one made with these options. */
export async function cachedBenchLogs(options: BenchOptions): Promise<BenchResult | undefined> {
  const text = await readFile(join(options.dir, 'manifest.json'), 'utf8').catch(() => undefined);
  if (!text) return undefined;
  const m = JSON.parse(text) as Manifest;
  const same =
    m.events === (options.events ?? 1_000_000) &&
    m.files === (options.files ?? 2_000) &&
    m.functions === (options.functions ?? 200) &&
    m.seed === (options.seed ?? 'bench') &&
    m.gzipLevel === (options.gzipLevel ?? 1);
  if (!same) return undefined;
  const dir = options.dir;
  return {
    dir,
    logsDir: join(dir, 'logs'),
    iamPath: join(dir, 'iam.json'),
    lambdaPath: join(dir, 'lambda.json'),
    events: m.events,
    files: m.files,
    functions: m.functions,
    bytes: m.bytes,
    ms: 0,
  };
}

function flag(argv: readonly string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
}

async function main(argv: string[]): Promise<void> {
  const scale = Number(flag(argv, 'scale') ?? '1');
  const events = Number(flag(argv, 'events') ?? '1000000') * scale;
  const files = Number(flag(argv, 'files') ?? '2000') * scale;
  const functions = Number(flag(argv, 'functions') ?? '200');
  // The same folders scripts/bench.ts caches in, so a set made here is reused there.
  const dir = flag(argv, 'dir') ?? join(REPO_ROOT, '.bench', `x${scale}`);
  if (![scale, events, files, functions].every((x) => Number.isInteger(x) && x > 0)) {
    throw new Error('--scale, --events, --files and --functions take positive integers');
  }
  const result = await makeBenchLogs({ dir, events, files, functions, seed: flag(argv, 'seed') ?? 'bench' });
  console.log(
    `${result.dir}: ${result.events} records in ${result.files} files (${(result.bytes / 1048576).toFixed(1)} MiB gzipped), ${result.functions} functions, in ${(result.ms / 1000).toFixed(1)} s`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  });
}

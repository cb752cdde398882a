/**
 * `npm run bench`: pare analyze on synthetic logs of 1M events (and 4M, to show that memory stays
 * bounded as input grows), generated once and cached under .bench/. Prints events/s, MB/s and peak RSS.
 *
 *   npm run bench [-- --scales 1,4] [--events 1000000]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { cachedBenchLogs, makeBenchLogs, type BenchOptions, type BenchResult } from './make-bench-logs.js';
import { REPO_ROOT } from './lib/output.js';

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const scales = (flag('scales') ?? '1,4').split(',').map(Number);
const baseEvents = Number(flag('events') ?? '1000000');
const BENCH = join(REPO_ROOT, '.bench');

async function logsFor(scale: number): Promise<BenchResult> {
  const options: BenchOptions = {
    dir: join(BENCH, `x${scale}`),
    events: baseEvents * scale,
    files: 2000 * scale,
  };
  const cached = await cachedBenchLogs(options);
  if (cached) return cached;
  process.stderr.write(
    `generating ${options.events} events in ${options.files} files under ${options.dir} …\n`,
  );
  return makeBenchLogs(options);
}

function runPare(logs: BenchResult, out: string): { seconds: number; rssMiB: number } {
  const rssFile = join(BENCH, 'rss.txt');
  rmSync(rssFile, { force: true });
  rmSync(out, { recursive: true, force: true });
  const started = performance.now();
  const result = spawnSync(
    process.execPath,
    [
      '--import',
      join(REPO_ROOT, 'scripts/bench/report-rss.mjs'),
      join(REPO_ROOT, 'bin/pare.js'),
      'analyze',
      '--logs',
      logs.logsDir,
      '--iam',
      logs.iamPath,
      '--lambda',
      logs.lambdaPath,
      '--per-function',
      '--format',
      'json',
      '--out',
      out,
    ],
    { env: { ...process.env, PARE_BENCH_RSS_FILE: rssFile }, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 0) throw new Error(`pare analyze exited ${result.status}`);
  return { seconds, rssMiB: Number(readFileSync(rssFile, 'utf8')) / 1024 };
}

if (!existsSync(join(REPO_ROOT, 'dist/cli/run.js'))) {
  spawnSync('npm', ['run', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' });
}
const rows: string[][] = [
  ['input', 'events', 'files', 'MB (gzip)', 'seconds', 'events/s', 'MB/s', 'peak RSS MiB'],
];
for (const scale of scales) {
  const logs = await logsFor(scale);
  const { seconds, rssMiB } = runPare(logs, join(BENCH, `out-x${scale}`));
  const mb = logs.bytes / 1e6;
  rows.push([
    `${scale}x`,
    String(logs.events),
    String(logs.files),
    mb.toFixed(1),
    seconds.toFixed(1),
    Math.round(logs.events / seconds).toLocaleString('en-US'),
    (mb / seconds).toFixed(1),
    rssMiB.toFixed(0),
  ]);
}
const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
for (const row of rows) console.log(row.map((cell, i) => cell.padStart(widths[i]!)).join('  '));

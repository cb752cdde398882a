/**
 * A generated account folder: `logs/` (trail files plus any other log-shaped files) and JSON/Markdown
 * files beside it. Written in full, or checked against what is on disk: gzip bytes depend on the zlib
 * build, so a log file whose bytes differ but whose records are equal counts as up to date.
 */
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  decodeLogFile,
  encodeRecords,
  type LogFile,
  readTree,
  writeLogFiles,
  type WriteSummary,
} from './trail-writer.js';
import { formatted, writeText } from './output.js';
import { zipEntries } from '../../src/checks/zip.js';

export interface GeneratedFolder {
  logs: LogFile[];
  /** Other files under logs/ (JSON lines, LookupEvents output), path relative to logs/. */
  logTexts: { path: string; text: string }[];
  /** Files beside logs/: name → content (JSON values are pretty-printed). */
  files: { name: string; value: unknown }[];
  /** Binary files beside logs/ (function packages): a ZIP whose bytes differ only in deflate output counts as up to date. */
  binaries?: { name: string; bytes: Buffer }[];
}

const render = (value: unknown): string =>
  typeof value === 'string' ? value : `${JSON.stringify(value, null, 2)}\n`;

export async function writeFolder(out: string, folder: GeneratedFolder): Promise<WriteSummary> {
  const summary = await writeLogFiles(join(out, 'logs'), folder.logs);
  for (const t of folder.logTexts) {
    const path = join(out, 'logs', ...t.path.split('/'));
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, t.text);
  }
  for (const f of folder.files) await writeText(join(out, f.name), render(f.value));
  for (const b of folder.binaries ?? []) {
    await mkdir(dirname(join(out, b.name)), { recursive: true });
    await writeFile(join(out, b.name), b.bytes);
  }
  return summary;
}

export async function checkFolder(out: string, folder: GeneratedFolder): Promise<string[]> {
  const problems: string[] = [];
  const onDisk = await readTree(join(out, 'logs')).catch(() => new Map<string, Buffer>());
  const wanted = new Set<string>();
  let gzipOnly = 0;
  for (const file of folder.logs) {
    wanted.add(file.path);
    const bytes = onDisk.get(file.path);
    if (!bytes) problems.push(`missing logs/${file.path}`);
    else if (!bytes.equals(encodeRecords(file.records))) {
      if (JSON.stringify(decodeLogFile(bytes)) === JSON.stringify(file.records)) gzipOnly++;
      else problems.push(`differs: logs/${file.path}`);
    }
  }
  for (const t of folder.logTexts) {
    wanted.add(t.path);
    if (onDisk.get(t.path)?.toString('utf8') !== t.text) problems.push(`differs: logs/${t.path}`);
  }
  for (const path of onDisk.keys()) if (!wanted.has(path)) problems.push(`unexpected logs/${path}`);
  for (const f of folder.files) {
    const path = join(out, f.name);
    const have = await readFile(path, 'utf8').catch(() => undefined);
    if (have !== (await formatted(path, render(f.value)))) problems.push(`differs: ${f.name}`);
  }
  for (const b of folder.binaries ?? []) {
    const have = await readFile(join(out, b.name)).catch(() => undefined);
    if (!have) problems.push(`missing ${b.name}`);
    else if (!have.equals(b.bytes) && !sameZipEntries(have, b.bytes)) problems.push(`differs: ${b.name}`);
  }
  if (gzipOnly > 0) console.log(`note: ${gzipOnly} log files differ only in gzip bytes (another zlib build)`);
  return problems;
}

/** Another zlib deflates differently: equal entry names and contents are the same package. */
function sameZipEntries(a: Buffer, b: Buffer): boolean {
  try {
    const entries = (bytes: Buffer): string =>
      JSON.stringify([...zipEntries(bytes, 'zip')].map((e) => [e.name, e.data?.toString('base64')]));
    return entries(a) === entries(b);
  } catch {
    return false;
  }
}

/** `--out DIR` and `--check`, shared by the generators. */
export function parseArgs(argv: readonly string[], defaultOut: string): { out: string; check: boolean } {
  const i = argv.indexOf('--out');
  const out = i >= 0 ? argv[i + 1] : undefined;
  return { out: out ?? defaultOut, check: argv.includes('--check') };
}

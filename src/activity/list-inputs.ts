import type { Dirent, Stats } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { basename, join, resolve, sep } from 'node:path';
import { InputError } from '../errors.js';
import { ioProblem } from './inflate.js';
import type { Format } from './parse-text.js';
import type { InputFile } from './read-input.js';

export const STDIN_NAME = '<stdin>';

const ACCOUNT = /^\d{12}$/;

/** Log files inside directories; other files (README, manifests, .DS_Store) are ignored. */
const LOG_FILE = /\.(json|jsonl|ndjson)(\.gz)?$/i;

export interface Listing {
  files: InputFile[];
  /** Directories given as inputs that hold no log file at all. */
  emptyDirs: string[];
}

/**
 * The files to read, known before any is read (so progress has a total). Directories are walked
 * recursively in name order: the S3 layout `AWSLogs/[o-xxxx/]<account>/CloudTrail/<region>/YYYY/MM/DD/`
 * (where only the `CloudTrail` folder of an account is read) and any other. `CloudTrail-Digest`
 * folders and files, and hidden entries (`.x`, macOS `._x` resource forks), are skipped. A file named explicitly is always read, whatever its name. `-` is
 * stdin. A path that does not exist is an `InputError`. The same file listed twice is read once.
 */
export async function listInputs(inputs: readonly string[]): Promise<Listing> {
  const files: InputFile[] = [];
  const emptyDirs: string[] = [];
  const seen = new Set<string>();
  const add = (file: InputFile): void => {
    const key = file.path === undefined ? STDIN_NAME : resolve(file.path);
    if (seen.has(key)) return;
    seen.add(key);
    files.push(file);
  };
  for (const input of inputs) {
    if (input === '-') {
      add({ name: STDIN_NAME, size: 0, regular: false, format: 'auto' });
      continue;
    }
    const info = await statOrThrow(input);
    if (info.isDirectory()) {
      const before = files.length;
      await walk(input, add, new Set([await realpath(input)]));
      if (files.length === before) emptyDirs.push(input);
    } else {
      add({
        name: input,
        path: input,
        size: info.isFile() ? info.size : 0,
        regular: info.isFile(),
        format: formatOf(input),
      });
    }
  }
  return { files, emptyDirs };
}

async function walk(dir: string, add: (file: InputFile) => void, visited: Set<string>): Promise<void> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    throw new InputError(dir, ioProblem(e) ?? String(e));
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  // In an `AWSLogs/[o-xxxx/]<account>/` folder only `CloudTrail/` holds trail logs: the bucket may also
  // hold Config snapshots (.json.gz too), ELB or flow logs, CloudTrail-Digest and CloudTrail-Insight.
  const accountFolder = ACCOUNT.test(basename(dir)) && dir.split(sep).includes('AWSLogs');
  const candidates = entries.filter(
    (e) =>
      !e.name.startsWith('.') &&
      !e.name.includes('CloudTrail-Digest') &&
      (!accountFolder || e.name === 'CloudTrail' || !e.isDirectory()),
  );
  // stat in parallel: an S3 mirror has thousands of small files per directory.
  const infos = await Promise.all(
    candidates.map(async (entry) => {
      const path = join(dir, entry.name);
      if (entry.isFile() && !LOG_FILE.test(entry.name)) return undefined;
      if (!entry.isFile() && !entry.isDirectory() && !entry.isSymbolicLink()) return undefined;
      return { entry, path, info: await statOrThrow(path) };
    }),
  );
  for (const found of infos) {
    if (found === undefined) continue;
    const { entry, path, info } = found;
    if (info.isDirectory()) {
      const real = await realpath(path);
      if (visited.has(real)) continue; // a symlink loop
      visited.add(real);
      await walk(path, add, visited);
    } else if (info.isFile() && LOG_FILE.test(entry.name)) {
      add({ name: path, path, size: info.size, regular: true, format: formatOf(entry.name) });
    }
  }
}

async function statOrThrow(path: string): Promise<Stats> {
  try {
    return await stat(path);
  } catch (e) {
    throw new InputError(path, ioProblem(e) ?? String(e));
  }
}

function formatOf(name: string): Format {
  return /\.(jsonl|ndjson)(\.gz)?$/i.test(name) ? 'lines' : 'auto';
}

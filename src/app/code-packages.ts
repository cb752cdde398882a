/**
 * `--code PATH`: function packages to scan for private keys. A package is `<FunctionName>.zip` (what
 * get-function's Code.Location downloads) or an unpacked directory `<FunctionName>/`; PATH is one of
 * them or a directory holding several. Files that belong to no function-named package are scanned
 * as one package named after the directory given, and reported by path.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { isZip, scanCode, zipEntries, type CodeFile, type CodeScan } from '../checks/index.js';
import type { SecretRules } from '../checks/data.js';
import { InputError } from '../errors.js';
import { compare } from '../model/order.js';

const ARCHIVE = /\.(zip|jar)$/i;

export async function readCodePackages(
  paths: readonly string[],
  functionNames: ReadonlySet<string>,
  rules: SecretRules,
): Promise<CodeScan[]> {
  const scans: CodeScan[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => undefined);
    if (!info) throw new InputError(path, 'no such file or directory');
    if (info.isFile()) {
      scans.push(scanArchive(path, basename(path).replace(ARCHIVE, ''), rules));
      continue;
    }
    const name = basename(path);
    if (functionNames.has(name)) {
      scans.push(scanCode(rules, { package: name, location: path }, filesUnder(path, [path])));
      continue;
    }
    const loose: string[] = [];
    for (const entry of readdirSync(path, { withFileTypes: true }).sort((a, b) => compare(a.name, b.name))) {
      const child = join(path, entry.name);
      const stem = entry.name.replace(ARCHIVE, '');
      if (entry.isFile() && ARCHIVE.test(entry.name) && functionNames.has(stem))
        scans.push(scanArchive(child, stem, rules));
      else if (entry.isDirectory() && functionNames.has(entry.name))
        scans.push(scanCode(rules, { package: entry.name, location: child }, filesUnder(child, [child])));
      else loose.push(child);
    }
    if (loose.length > 0)
      scans.push(scanCode(rules, { package: name, location: path }, filesUnder(path, loose)));
  }
  return scans;
}

function scanArchive(path: string, pkg: string, rules: SecretRules): CodeScan {
  const bytes = readFileSync(path);
  if (!isZip(bytes)) throw new InputError(path, 'not a ZIP archive or a directory (pass a function package)');
  const unreadable: string[] = [];
  function* files(): Generator<CodeFile> {
    for (const entry of zipEntries(bytes, path)) {
      if (entry.data) yield { path: entry.name, data: entry.data };
      else unreadable.push(`${entry.name}: ${entry.problem ?? 'unreadable'}`);
    }
  }
  const scan = scanCode(rules, { package: pkg, location: path }, files());
  scan.unreadable.push(...unreadable);
  return scan;
}

/** Every regular file under `roots` (files or directories), read one at a time, paths relative to `base`. */
function* filesUnder(base: string, roots: readonly string[]): Generator<CodeFile> {
  for (const root of roots) {
    if (statSync(root).isFile()) {
      yield { path: relative(base, root), data: readFileSync(root) };
      continue;
    }
    const files = readdirSync(root, { withFileTypes: true, recursive: true })
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name))
      .sort(compare);
    for (const file of files) yield { path: relative(base, file), data: readFileSync(file) };
  }
}

import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { UsageError } from '../errors.js';

/** Marks a directory as pare's output, so a later run may replace it and nothing else. */
export const MANIFEST = 'pare.json';

/**
 * Writes a run's files all at once: into a sibling staging directory, then swapped into place, so an
 * interrupted or failed run never leaves a partial output that looks complete.
 */
export async function writeOutputDir(dir: string, files: ReadonlyMap<string, string>): Promise<void> {
  const target = resolve(dir);
  const existing = await stat(target).catch(() => undefined);
  if (existing) {
    if (!existing.isDirectory()) throw new UsageError(`--out ${dir}: exists and is not a directory`);
    const entries = await readdir(target);
    if (entries.length > 0 && !entries.includes(MANIFEST)) {
      throw new UsageError(
        `--out ${dir}: directory is not empty and was not written by pare; choose another`,
      );
    }
  }
  const staging = `${target}.partial-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  try {
    for (const [path, content] of files) {
      const file = join(staging, path);
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, content);
    }
    await mkdir(dirname(target), { recursive: true });
    if (existing) await rm(target, { recursive: true, force: true });
    await rename(staging, target);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}

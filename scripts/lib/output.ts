/**
 * Writes generated text files formatted as the repository's prettier would format them (unless
 * .prettierignore excludes them), so `prettier --check .` passes and a regeneration stays
 * byte-identical to what is committed.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export async function formatted(path: string, text: string): Promise<string> {
  const info = await prettier.getFileInfo(path, { ignorePath: join(REPO_ROOT, '.prettierignore') });
  if (info.ignored || info.inferredParser === null) return text;
  const options = (await prettier.resolveConfig(path)) ?? {};
  return prettier.format(text, { ...options, filepath: path });
}

export async function writeText(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, await formatted(path, text));
}

export async function writeJson(path: string, value: unknown): Promise<void> {
  await writeText(path, `${JSON.stringify(value, null, 2)}\n`);
}

export function fromRepo(path: string): string {
  return relative(REPO_ROOT, path) || '.';
}

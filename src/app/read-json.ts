import { readFile } from 'node:fs/promises';
import { InputError } from '../errors.js';

/** Reads one JSON input file; a missing file or bad JSON is an InputError naming the file. */
export async function readJsonFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(
      file,
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'is a directory, not a JSON file'
          : `cannot read (${code ?? String(error)})`,
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new InputError(file, `invalid JSON (${(error as Error).message})`);
  }
}

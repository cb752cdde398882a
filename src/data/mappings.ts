import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { loadCatalog } from '../catalog/load.js';
import { InputError } from '../errors.js';
import { compileMappings, type MappingData, type MappingIndex } from '../mapping/index.js';

/** mappings/ at the package root: two levels up from src/data and from dist/data alike. */
export const MAPPINGS_DIR = new URL('../../mappings/', import.meta.url);

/** Reads every `*.json` under the mappings directory (one level of sub-folders, e.g. services/). */
export async function loadMappingData(dir: URL | string = MAPPINGS_DIR): Promise<MappingData> {
  const root = typeof dir === 'string' ? dir : fileURLToPath(dir);
  const entries = await readdir(root, { recursive: true });
  const names = entries
    .map((e) => e.split('\\').join('/'))
    .filter((e) => e.endsWith('.json'))
    .sort();
  const files: MappingData['files'] = {};
  for (const name of names) {
    const text = await readFile(`${root.replace(/\/?$/, '/')}${name}`, 'utf8');
    try {
      files[name] = JSON.parse(text);
    } catch (e) {
      throw new InputError(`mappings/${name}`, `not valid JSON (${(e as Error).message})`);
    }
  }
  return { files };
}

let loaded: Promise<MappingIndex> | undefined;

/** The bundled mappings compiled against the bundled IAM catalog, once per process. */
export function loadMappingIndex(): Promise<MappingIndex> {
  loaded ??= Promise.all([loadMappingData(), loadCatalog()]).then(([data, catalog]) =>
    compileMappings(data, catalog),
  );
  return loaded;
}

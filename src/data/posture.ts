import { readdir, readFile } from 'node:fs/promises';
import { loadCatalog } from '../catalog/load.js';
import { compilePostureData, type PostureData, type PostureFiles } from '../checks/data.js';
import { InputError } from '../errors.js';

/** mappings/posture/ at the package root: two levels up from src/data and dist/data alike. */
const POSTURE_DIR = new URL('../../mappings/posture/', import.meta.url);

/** Reads every mappings/posture/*.json file as parsed JSON. */
export async function loadPostureFiles(dir: URL = POSTURE_DIR): Promise<PostureFiles> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.json')).sort();
  const files: PostureFiles = {};
  for (const name of names) {
    const text = await readFile(new URL(name, dir), 'utf8');
    try {
      files[name] = JSON.parse(text) as unknown;
    } catch (e) {
      throw new InputError(`mappings/posture/${name}`, `not valid JSON (${(e as Error).message})`);
    }
  }
  return files;
}

let loaded: Promise<PostureData> | undefined;

/** The bundled posture data compiled against the bundled IAM catalog, once per process. */
export function loadPostureData(): Promise<PostureData> {
  loaded ??= Promise.all([loadPostureFiles(), loadCatalog()]).then(([files, catalog]) =>
    compilePostureData(files, catalog),
  );
  return loaded;
}

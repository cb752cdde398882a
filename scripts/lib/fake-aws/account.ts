/**
 * The account folder the fake serves, read once at start: the files `pare collect` (or the AWS CLI)
 * writes, plus `logs/` in the trail's S3 layout. Nothing is ever written back.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

type Json = Record<string, unknown>;

export interface AccountFolder {
  root: string;
  /** get-account-authorization-details output. */
  iam: Json;
  /** list-functions output's Functions. */
  functions: Json[];
  eventSourceMappings: Json[];
  /** get-policy output by function name. */
  policies: Map<string, Json>;
  /** list-function-url-configs' FunctionUrlConfigs by function name. */
  functionUrls: Map<string, Json[]>;
  /** Object keys under logs/ (as in the bucket), sorted, with their sizes. */
  objects: { key: string; size: number; file: string }[];
}

export async function readAccountFolder(root: string): Promise<AccountFolder> {
  const iam = await readJson(join(root, 'iam.json'));
  const lambda = (await readOptionalJson(join(root, 'lambda.json'))) ??
    (await readOptionalJson(join(root, 'lambda', 'list-functions.json'))) ?? { Functions: [] };
  const mappings = (await readOptionalJson(join(root, 'lambda', 'event-source-mappings.json'))) ?? {};
  return {
    root,
    iam,
    functions: arrayOf(lambda['Functions']),
    eventSourceMappings: arrayOf(mappings['EventSourceMappings']),
    policies: await jsonByName(join(root, 'lambda', 'policies')),
    functionUrls: new Map(
      [...(await jsonByName(join(root, 'lambda', 'function-urls')))].map(([name, json]) => [
        name,
        arrayOf(json['FunctionUrlConfigs']),
      ]),
    ),
    objects: await listFiles(join(root, 'logs')),
  };
}

async function readJson(file: string): Promise<Json> {
  return JSON.parse(await readFile(file, 'utf8')) as Json;
}

async function readOptionalJson(file: string): Promise<Json | undefined> {
  try {
    return await readJson(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function arrayOf(value: unknown): Json[] {
  return Array.isArray(value) ? (value as Json[]) : [];
}

/** `<name>.json` files of a folder, by name. */
async function jsonByName(dir: string): Promise<Map<string, Json>> {
  const out = new Map<string, Json>();
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names.sort())
    if (name.endsWith('.json')) out.set(name.slice(0, -'.json'.length), await readJson(join(dir, name)));
  return out;
}

async function listFiles(dir: string): Promise<AccountFolder['objects']> {
  const out: AccountFolder['objects'] = [];
  const walk = async (at: string): Promise<void> => {
    const entries = await readdir(at, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile())
        out.push({
          key: relative(dir, path).split(sep).join('/'),
          size: (await stat(path)).size,
          file: path,
        });
    }
  };
  await walk(dir);
  return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/**
 * The posture data (mappings/posture/*.json, schemaVersion 1), checked and compiled once: regular
 * expressions built, actions resolved against the catalog. Pure: src/data/posture.ts reads the files.
 */
import type { Catalog } from '../catalog/catalog.js';
import { InputError } from '../errors.js';
import { isRecord } from '../grants/json-shape.js';

const SCOPES = ['any', 'all-resources', 'other-functions'] as const;
export type ExploitScope = (typeof SCOPES)[number];

export interface ExploitGradeAction {
  action: string;
  scope: ExploitScope;
  why: string;
}

export interface NamedPattern {
  kind: string;
  pattern: RegExp;
}

export interface SecretRules {
  names: NamedPattern[];
  notSecretNames: RegExp[];
  references: RegExp[];
  values: (NamedPattern & { scanCode: boolean })[];
  entropy: { kind: string; charset: RegExp; minLength: number; minBitsPerChar: number; maxWords: number };
}

export interface IacFingerprints {
  tagKeys: { key: string; tool: string }[];
  managedBy: { keys: string[]; values: string[] };
  roleNames: { pattern: RegExp; tool: string }[];
  functionNames: { pattern: RegExp; tool: string }[];
  consoleRole: { path: string; namePattern: RegExp };
}

export interface PublicAccessRules {
  restrictingKeys: string[];
  functionUrlKeys: string[];
  publicGrantees: { uri: string; name: string }[];
  bucketDataActions: string[];
}

export interface PostureData {
  exploitGrade: ExploitGradeAction[];
  runtimes: Map<string, string>;
  runtimesSource: string;
  secrets: SecretRules;
  iac: IacFingerprints;
  publicAccess: PublicAccessRules;
  /** Lowercased actions service-wildcard-resource does not report on `*`. */
  notReportedOnAllResources: Set<string>;
}

/** Every posture file as parsed JSON, keyed by its name under mappings/posture/. */
export type PostureFiles = Record<string, unknown>;

class Reader {
  constructor(readonly file: string) {}

  fail(pointer: string, problem: string): never {
    throw new InputError(`mappings/posture/${this.file}`, problem, pointer);
  }
  obj(value: unknown, pointer: string): Record<string, unknown> {
    return isRecord(value) ? value : this.fail(pointer, 'must be an object');
  }
  list(value: unknown, pointer: string): unknown[] {
    return Array.isArray(value) ? value : this.fail(pointer, 'must be an array');
  }
  str(value: unknown, pointer: string): string {
    return typeof value === 'string' && value !== ''
      ? value
      : this.fail(pointer, 'must be a non-empty string');
  }
  num(value: unknown, pointer: string): number {
    return typeof value === 'number' && Number.isFinite(value)
      ? value
      : this.fail(pointer, 'must be a number');
  }
  regex(value: unknown, pointer: string, flags = ''): RegExp {
    const source = this.str(value, pointer);
    try {
      return new RegExp(source, flags);
    } catch (error) {
      return this.fail(pointer, `not a valid regular expression (${(error as Error).message})`);
    }
  }
  /** Each entry of a list with its pointer; entries must carry a `why`. */
  entries(value: unknown, pointer: string, needWhy = true): [Record<string, unknown>, string][] {
    return this.list(value, pointer).map((entry, i) => {
      const at = `${pointer}/${i}`;
      const o = this.obj(entry, at);
      if (needWhy) this.str(o['why'], `${at}/why`);
      return [o, at];
    });
  }
}

function header(files: PostureFiles, file: string): [Record<string, unknown>, Reader] {
  const r = new Reader(file);
  if (!(file in files)) throw new InputError(`mappings/posture/${file}`, 'missing');
  const root = r.obj(files[file], '');
  if (root['schemaVersion'] !== 1) r.fail('/schemaVersion', 'must be 1');
  return [root, r];
}

export function compilePostureData(files: PostureFiles, catalog: Catalog): PostureData {
  return {
    exploitGrade: readExploitGrade(files, catalog),
    ...readRuntimes(files),
    secrets: readSecrets(files),
    iac: readIac(files),
    publicAccess: readPublicAccess(files),
    notReportedOnAllResources: readBroadGrants(files, catalog),
  };
}

function catalogAction(r: Reader, catalog: Catalog, value: unknown, pointer: string): string {
  const action = r.str(value, pointer);
  return catalog.canonical(action) ?? r.fail(pointer, `the IAM catalog has no action ${action}`);
}

function readExploitGrade(files: PostureFiles, catalog: Catalog): ExploitGradeAction[] {
  const [root, r] = header(files, 'exploit-grade-actions.json');
  return r.entries(root['actions'], '/actions').map(([o, at]) => {
    const scope =
      SCOPES.find((s) => s === o['scope']) ?? r.fail(`${at}/scope`, `must be ${SCOPES.join(', ')}`);
    r.str(o['source'], `${at}/source`);
    return { action: catalogAction(r, catalog, o['action'], `${at}/action`), scope, why: o['why'] as string };
  });
}

function readRuntimes(files: PostureFiles): Pick<PostureData, 'runtimes' | 'runtimesSource'> {
  const [root, r] = header(files, 'runtimes.json');
  const runtimes = new Map<string, string>();
  for (const [o, at] of r.entries(root['runtimes'], '/runtimes', false)) {
    const date = r.str(o['deprecated'], `${at}/deprecated`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) r.fail(`${at}/deprecated`, 'must be YYYY-MM-DD');
    runtimes.set(r.str(o['runtime'], `${at}/runtime`), date);
  }
  return { runtimes, runtimesSource: r.str(root['source'], '/source') };
}

function readSecrets(files: PostureFiles): SecretRules {
  const [root, r] = header(files, 'environment-secrets.json');
  const entropy = r.obj(root['entropy'], '/entropy');
  r.str(entropy['why'], '/entropy/why');
  return {
    names: r.entries(root['names'], '/names').map(([o, at]) => ({
      kind: r.str(o['kind'], `${at}/kind`),
      pattern: r.regex(o['pattern'], `${at}/pattern`, 'i'),
    })),
    notSecretNames: r
      .entries(root['notSecretNames'], '/notSecretNames')
      .map(([o, at]) => r.regex(o['pattern'], `${at}/pattern`, 'i')),
    references: r
      .entries(root['references'], '/references')
      .map(([o, at]) => r.regex(o['pattern'], `${at}/pattern`)),
    values: r.entries(root['values'], '/values').map(([o, at]) => {
      r.str(o['source'], `${at}/source`);
      return {
        kind: r.str(o['kind'], `${at}/kind`),
        pattern: r.regex(o['pattern'], `${at}/pattern`),
        scanCode: o['scanCode'] === true,
      };
    }),
    entropy: {
      kind: r.str(entropy['kind'], '/entropy/kind'),
      charset: r.regex(entropy['charset'], '/entropy/charset'),
      minLength: r.num(entropy['minLength'], '/entropy/minLength'),
      minBitsPerChar: r.num(entropy['minBitsPerChar'], '/entropy/minBitsPerChar'),
      maxWords: r.num(entropy['maxWords'], '/entropy/maxWords'),
    },
  };
}

function readIac(files: PostureFiles): IacFingerprints {
  const [root, r] = header(files, 'iac-fingerprints.json');
  const managed = r.obj(root['managedByTags'], '/managedByTags');
  r.str(managed['why'], '/managedByTags/why');
  const strings = (value: unknown, pointer: string): string[] =>
    r.list(value, pointer).map((v, i) => r.str(v, `${pointer}/${i}`).toLowerCase());
  const named = (key: string): { pattern: RegExp; tool: string }[] =>
    r.entries(root[key], `/${key}`).map(([o, at]) => ({
      pattern: r.regex(o['pattern'], `${at}/pattern`),
      tool: r.str(o['tool'], `${at}/tool`),
    }));
  const consoleRole = r.obj(root['consoleRole'], '/consoleRole');
  r.str(consoleRole['why'], '/consoleRole/why');
  return {
    tagKeys: r.entries(root['tagKeys'], '/tagKeys').map(([o, at]) => ({
      key: r.str(o['key'], `${at}/key`).toLowerCase(),
      tool: r.str(o['tool'], `${at}/tool`),
    })),
    managedBy: {
      keys: strings(managed['keys'], '/managedByTags/keys'),
      values: strings(managed['values'], '/managedByTags/values'),
    },
    roleNames: named('roleNames'),
    functionNames: named('functionNames'),
    consoleRole: {
      path: r.str(consoleRole['path'], '/consoleRole/path'),
      namePattern: r.regex(consoleRole['namePattern'], '/consoleRole/namePattern'),
    },
  };
}

function readPublicAccess(files: PostureFiles): PublicAccessRules {
  const [root, r] = header(files, 'public-access.json');
  const keys = (key: string): string[] =>
    r.entries(root[key], `/${key}`).map(([o, at]) => r.str(o['key'], `${at}/key`).toLowerCase());
  return {
    restrictingKeys: keys('restrictingConditionKeys'),
    functionUrlKeys: keys('functionUrlConditionKeys'),
    publicGrantees: r.entries(root['publicAclGrantees'], '/publicAclGrantees').map(([o, at]) => ({
      uri: r.str(o['uri'], `${at}/uri`),
      name: r.str(o['name'], `${at}/name`),
    })),
    bucketDataActions: r
      .list(root['bucketDataActions'], '/bucketDataActions')
      .map((v, i) => r.str(v, `/bucketDataActions/${i}`)),
  };
}

function readBroadGrants(files: PostureFiles, catalog: Catalog): Set<string> {
  const [root, r] = header(files, 'broad-grants.json');
  return new Set(
    r
      .entries(root['notReportedOnAllResources'], '/notReportedOnAllResources')
      .map(([o, at]) => catalogAction(r, catalog, o['action'], `${at}/action`).toLowerCase()),
  );
}

/**
 * The resource-coverage measure of issue 3: over the public corpus, the share of resource-level accesses
 * that carry a concrete ARN, among those whose record names the resource. Shared by
 * scripts/mapping-coverage.ts (prints it) and test/mapping/coverage.test.ts (asserts it).
 *
 * Definition, access by access (an access is one (action, resource) pare's mapping emits):
 * - only records pare maps (status `mapped`), and only accesses whose action supports resource-level
 *   permissions (`wildcard !== 'wildcard-only'`);
 * - only accesses whose record names a resource: its `resources[]`, requestParameters or
 *   responseElements hold an ARN of a type the action authorises (at any depth), or a non-empty,
 *   non-redacted value under an identifier key (a key ending in Name, Id, Arn, Url or Identifier, or
 *   their plurals; `name`, `id`, `arn`; a top-level `key`, S3's object key). Book-keeping keys
 *   (requestId, clientToken, ownerId …) and descriptive subtrees (tags, filters, encryptionContext) do
 *   not count: records that act on "all" (`DescribeAlarms {maxRecords}`), name only a tag or only a
 *   resource of another type (a KMS key in resources[] of a trail call) are out;
 * - IAM entities whose ARN holds a path (`${UserNameWithPath}`, `${RoleNameWithPath}` …) count only when
 *   the record carries an ARN or a `path`: a bare user or role name does not give the ARN and the
 *   mapping leaves it unresolved rather than guess the path. They are reported on their own.
 * The share is concrete (`resource !== '*'`) / counted.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isProblem, normaliseRecord } from '../../src/activity/normalise.js';
import { compileFormat, type ArnFormat } from '../../src/mapping/arn.js';
import { mapEvent, type MappingIndex } from '../../src/mapping/index.js';
import type { Access } from '../../src/model/access.js';
import type { Event } from '../../src/model/event.js';

export interface PairCount {
  eventSource: string;
  eventName: string;
  count: number;
}

export interface Coverage {
  records: number;
  /** Resource-level accesses of mapped records, named or not (what `pare map --summary` counts). */
  resourceLevel: number;
  resourceLevelConcrete: number;
  /** Accesses in the measure: resource-level, from records that name a resource. */
  counted: number;
  concrete: number;
  /** concrete / counted. */
  share: number;
  /** IAM accesses named only by a bare name (no path, no ARN): outside the measure, still unresolved. */
  pathUnknown: PairCount[];
  /** Counted accesses left unresolved, by (eventSource, eventName), most frequent first. */
  unresolved: PairCount[];
}

/** shared/corpus beside the repository clone (locally and in CI), else /work/shared/corpus. */
export function findCorpus(): string | undefined {
  return [fileURLToPath(new URL('../../../shared/corpus', import.meta.url)), '/work/shared/corpus'].find(
    (d) => existsSync(d),
  );
}

/** Every record of `<dir>/<folder>/records.jsonl`, normalised (records without a time included). */
export function readCorpus(dir: string): Event[] {
  const events: Event[] = [];
  for (const folder of readdirSync(dir).sort()) {
    const file = `${dir}/${folder}/records.jsonl`;
    if (!existsSync(file)) continue;
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      const event = normaliseRecord(JSON.parse(line), { timeOptional: true });
      if (!isProblem(event)) events.push(event);
    }
  }
  return events;
}

export function measureCoverage(events: readonly Event[], index: MappingIndex): Coverage {
  const unresolved = new Map<string, PairCount>();
  const pathUnknown = new Map<string, PairCount>();
  const out = { resourceLevel: 0, resourceLevelConcrete: 0, counted: 0, concrete: 0 };
  for (const event of events) {
    const result = mapEvent(event, index);
    if (result.status !== 'mapped') continue;
    const byKey =
      holdsName(event.requestParameters, undefined, index.redacted, true) ||
      holdsName(event.responseElements, undefined, index.redacted, false);
    const arns = arnsIn(event);
    for (const access of result.accesses) {
      if (access.wildcard === 'wildcard-only') continue;
      const concrete = access.resource !== '*';
      out.resourceLevel += 1;
      if (concrete) out.resourceLevelConcrete += 1;
      const formats = formatsOf(access.action, index);
      if (!byKey && !arns.some((arn) => formats.some((f) => f.regex.test(arn)))) continue;
      if (!concrete && bareName(access, event, index)) {
        bump(pathUnknown, event);
        continue;
      }
      out.counted += 1;
      if (concrete) out.concrete += 1;
      else bump(unresolved, event);
    }
  }
  return {
    records: events.length,
    ...out,
    share: out.counted === 0 ? 1 : out.concrete / out.counted,
    pathUnknown: sorted(pathUnknown),
    unresolved: sorted(unresolved),
  };
}

const IDENTIFIER = /(?:[a-z](?:Name|Id|Arn|ARN|Url|URL|Identifier)s?)$|^(?:name|names|id|ids|arn|arns)$/;
const BOOK_KEEPING = new Set([
  'requestId',
  'requestID',
  'clientToken',
  'clientRequestToken',
  'ownerId',
  'groupOwnerId',
  'reservationId',
  'userId',
  'accountId',
  'awsAccountId',
]);
const DESCRIPTIVE = new Set([
  'tags',
  'tagSet',
  'tagsSet',
  'tagList',
  'tagSpecificationSet',
  'filters',
  'filterSet',
  'encryptionContext',
  'encryptionContextSubset',
  'encryptionContextEquals',
]);

/** A value under an identifier key, at any depth (`top`: the request, whose top-level `key` counts too). */
function holdsName(
  v: unknown,
  key: string | undefined,
  redacted: ReadonlySet<string>,
  top: boolean,
): boolean {
  if (Array.isArray(v)) return v.some((x) => holdsName(x, key, redacted, false));
  if (typeof v === 'object' && v !== null) {
    return Object.entries(v).some(
      ([k, x]) => !DESCRIPTIVE.has(k) && holdsName(x, top && k === 'key' ? 'name' : k, redacted, false),
    );
  }
  if (value(v, redacted) === undefined) return false;
  return key !== undefined && IDENTIFIER.test(key) && !BOOK_KEEPING.has(key);
}

/** Every ARN the record holds: resources[], and strings anywhere in the request and response. */
function arnsIn(event: Event): string[] {
  const out = (event.resources ?? []).flatMap((r) => (r.arn?.startsWith('arn:') === true ? [r.arn] : []));
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (typeof v === 'object' && v !== null) Object.values(v).forEach(walk);
    else if (typeof v === 'string' && v.startsWith('arn:')) out.push(v);
  };
  walk(event.requestParameters);
  walk(event.responseElements);
  return out;
}

const FORMATS = new WeakMap<MappingIndex, Map<string, ArnFormat[]>>();

/** The ARN formats of the resource types an action authorises. */
function formatsOf(action: string, index: MappingIndex): ArnFormat[] {
  let cache = FORMATS.get(index);
  if (cache === undefined) FORMATS.set(index, (cache = new Map()));
  let found = cache.get(action);
  if (found === undefined) {
    const a = index.catalog.action(action);
    found = (a?.resourceTypes ?? []).flatMap((t) => {
      const text = index.catalog.arnFormat(a?.service ?? '', t.name);
      return text === undefined
        ? []
        : text.split(/,\s*(?=arn:)/).map((f) => compileFormat(a?.service ?? '', t.name, f));
    });
    cache.set(action, found);
  }
  return found;
}

function value(v: unknown, redacted: ReadonlySet<string>): string | undefined {
  const s = typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : undefined;
  return s === undefined || s === '' || redacted.has(s) ? undefined : s;
}

/**
 * The ARN formats of the action's resource types when every one of them holds the entity's path (IAM
 * users, roles, groups, policies, instance profiles); undefined otherwise.
 */
function pathFormats(access: Access, index: MappingIndex): ArnFormat[] | undefined {
  const action = index.catalog.action(access.action);
  if (action === undefined || action.resourceTypes.length === 0) return undefined;
  const formats = formatsOf(access.action, index);
  return formats.length > 0 && formats.every((f) => /WithPath\}/.test(f.text)) ? formats : undefined;
}

/** Whether a bare IAM name is all the record says of the access's resource: no ARN of its type, no path. */
function bareName(access: Access, event: Event, index: MappingIndex): boolean {
  const formats = pathFormats(access, index);
  if (formats === undefined) return false;
  const strings: string[] = (event.resources ?? []).flatMap((r) => (r.arn === undefined ? [] : [r.arn]));
  let path = false;
  const collect = (v: unknown, key: string | undefined): void => {
    if (Array.isArray(v)) v.forEach((x) => collect(x, key));
    else if (typeof v === 'object' && v !== null) Object.entries(v).forEach(([k, x]) => collect(x, k));
    else if (typeof v === 'string') {
      if (key === 'path') path = true;
      strings.push(v);
    }
  };
  collect(event.requestParameters, undefined);
  collect(event.responseElements, undefined);
  return !path && !strings.some((s) => formats.some((f) => f.regex.test(s)));
}

function bump(counts: Map<string, PairCount>, event: Event): void {
  const key = `${event.eventSource}\n${event.eventName}`;
  const found = counts.get(key);
  if (found !== undefined) found.count += 1;
  else counts.set(key, { eventSource: event.eventSource, eventName: event.eventName, count: 1 });
}

function sorted(counts: Map<string, PairCount>): PairCount[] {
  return [...counts.values()].sort(
    (a, b) =>
      b.count - a.count ||
      a.eventSource.localeCompare(b.eventSource) ||
      a.eventName.localeCompare(b.eventName),
  );
}

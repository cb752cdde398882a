import type { AccessPlan } from './access-plan.js';
import type { ArnFormat } from './arn.js';
import type { MappingIndex } from './compile.js';
import type { Path } from './path.js';
import { defaultAccess } from './plans.js';
import type { CompiledRule } from './resource-rule.js';

/**
 * What of a record's requestParameters and responseElements the mapping of one eventSource can read,
 * so that an engine (Athena, CloudTrail Lake) returns only that and groups records by it. `request` and
 * `response` are lower-case top-level key names, matched case-insensitively (the same-named rule
 * compares keys so); `requestSuffixes` are key endings matched so too (`arn`, EC2's `request` wrapper).
 * `request: 'all'` when a rule reads the whole object. Values under a kept key are kept whole.
 */
export interface SourceProjection {
  eventSource: string;
  request: readonly string[] | 'all';
  requestSuffixes: readonly string[];
  response: readonly string[];
  /** The source logs data events (mappings/blind-spots.json): the high-volume ones, worth projecting. */
  dataEvents: boolean;
}

/** A key a projection may name: safe in a JSON path and a regular expression without escaping. */
export const PROJECTABLE_KEY = /^[A-Za-z0-9_-]+$/;

/**
 * Endings of keys the same-named rule may take an ARN from (`functionArn`, `resourceARNs`), and of
 * EC2's newer request wrappers (`{"CreateFleetRequest": {…}}`, same-named.ts `unwrap`). The rule also
 * takes an ARN from any other key; such keys the mapping's paths name, or the ARN is in `resources[]`.
 */
const SUFFIXES = ['arn', 'arns', 'req', 'request'] as const;

/** Per eventSource the mapping knows, sorted: what its records' mapping reads. */
export function projections(index: MappingIndex): SourceProjection[] {
  const bySource = new Map<string, string>();
  for (const [source, prefix] of index.sourcePrefixes) bySource.set(source, prefix);
  for (const prefix of index.plan.services.keys()) {
    const source = `${prefix}.amazonaws.com`;
    if (!bySource.has(source) && !index.sourcePrefixes.has(source)) bySource.set(source, prefix);
  }
  const byPrefix = new Map<string, { request: Set<string> | 'all'; response: Set<string> }>();
  const out: SourceProjection[] = [];
  for (const [eventSource, prefix] of [...bySource].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    let keys = byPrefix.get(prefix);
    if (keys === undefined) byPrefix.set(prefix, (keys = serviceKeys(index, prefix)));
    out.push({
      eventSource,
      request: keys.request === 'all' ? 'all' : [...keys.request].sort(),
      requestSuffixes: SUFFIXES,
      response: [...keys.response].sort(),
      dataEvents: index.dataEventNames.has(eventSource),
    });
  }
  return out;
}

function serviceKeys(
  index: MappingIndex,
  prefix: string,
): { request: Set<string> | 'all'; response: Set<string> } {
  const request = new Set<string>(['name', 'id']);
  const response = new Set<string>();
  let all = false;
  const addPath = (path: Path | undefined, inEach: boolean): void => {
    if (path === undefined) return;
    const start = path.start === 'element' && !inEach ? 'request' : path.start;
    if (start === 'element') return; // inside an `each`, whose own path names the top-level key
    const target = start === 'response' ? response : request;
    if (path.kind !== 'walk') {
      // `$` or `$keys` of the whole object: every key counts.
      if (start === 'request') all = true;
      return;
    }
    const first = path.segments[0] ?? '';
    if (!PROJECTABLE_KEY.test(first)) {
      if (start === 'request') all = true;
      return;
    }
    target.add(first.toLowerCase());
  };
  const addRule = (rule: CompiledRule, inEach: boolean): void => {
    addPath(rule.condition, inEach);
    for (const p of rule.each) addPath(p, inEach);
    const inner = inEach || rule.each.length > 0;
    for (const p of rule.from) addPath(p, inner);
    for (const [, p] of rule.bind) addPath(p, inner);
    addPath(rule.pathFrom, inner);
    addPath(rule.qualifierFrom, inner);
  };
  const addFormats = (formats: readonly ArnFormat[]): void => {
    for (const format of formats) {
      const typed = format.type.replace(/[^A-Za-z0-9]/g, '').toLowerCase();
      for (const name of format.names) {
        const key = name.toLowerCase();
        const last = (/[A-Z][a-z0-9]*$/.exec(name)?.[0] ?? name).toLowerCase();
        for (const k of [key, `${key}s`, typed + last, `${typed}${last}s`])
          if (PROJECTABLE_KEY.test(k)) request.add(k);
      }
    }
  };
  const addPlan = (plan: AccessPlan): void => {
    addPath(plan.when?.path, false);
    addPath(plan.each, false);
    const inEach = plan.each !== undefined && plan.each.kind === 'walk';
    if (plan.each !== undefined && plan.each.kind !== 'walk') all = true;
    for (const rule of plan.rules) addRule(rule, inEach);
    addFormats(plan.formats);
  };
  const service = index.plan.services.get(prefix);
  for (const rules of service?.rulesByType.values() ?? []) for (const rule of rules) addRule(rule, false);
  for (const plan of service?.events.values() ?? [])
    if (plan.status === 'mapped') for (const access of plan.accesses) addPlan(access);
  for (const action of index.catalog.actions(prefix)) {
    const access = defaultAccess(index.plan, `${action.service}:${action.name}`);
    if (access !== undefined) addPlan(access);
  }
  return { request: all ? 'all' : request, response };
}

/** The regular expression (Java and RE2 alike) an engine keeps top-level keys by. */
export function keyPattern(keys: readonly string[], suffixes: readonly string[]): string {
  const alternatives = [...keys, ...(suffixes.length > 0 ? [`.*(?:${suffixes.join('|')})`] : [])];
  return `(?i)^(?:${alternatives.join('|')})$`;
}

/** What the engine returns for an object: the kept keys with their values whole (the tests' reference). */
export function projectObject(
  value: Record<string, unknown> | undefined,
  keys: readonly string[] | 'all',
  suffixes: readonly string[] = [],
): Record<string, unknown> | undefined {
  if (value === undefined || keys === 'all') return value;
  const names = new Set(keys);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const lower = k.toLowerCase();
    if (names.has(lower) || suffixes.some((s) => lower.endsWith(s))) out[k] = v;
  }
  return out;
}

/**
 * A shorter projection that keeps at least as much: keys ending in one of `suffixes` are kept by the
 * suffix instead of by name (CloudTrail Lake takes queries of at most 10,000 characters).
 */
export function compactProjection(p: SourceProjection, suffixes: readonly string[]): SourceProjection {
  if (p.request === 'all') return p;
  const ends = [...new Set([...p.requestSuffixes, ...suffixes])];
  return { ...p, request: p.request.filter((k) => !ends.some((s) => k.endsWith(s))), requestSuffixes: ends };
}

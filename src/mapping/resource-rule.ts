import { InputError } from '../errors.js';
import { buildArn, isContext, type ArnFormat } from './arn.js';
import type { ConditionData, ResourceRuleData } from './data.js';
import { compilePath, elements, read, type Path, type Scope } from './path.js';

/** What a rule needs from the record beyond requestParameters. */
export interface RuleContext {
  partition: string;
  region: string;
  account: string | undefined;
  redacted: ReadonlySet<string>;
}

export interface CompiledRule {
  wildcard: boolean;
  format: ArnFormat | undefined;
  condition: Path | undefined;
  each: Path[];
  from: Path[];
  defaultValue: string | undefined;
  match: RegExp | undefined;
  bind: [string, Path][];
  fill: ReadonlyMap<string, string>;
  /** The placeholder the `from` value fills when no `match` group or `bind` does; absent: ARNs only. */
  openName: string | undefined;
  nameSuffix: string | undefined;
  decodeUri: boolean;
  lowerCase: boolean;
  pathFrom: Path | undefined;
  qualifierFrom: Path | undefined;
  qualifiedFor: ReadonlySet<string>;
  /** The actions the rule applies to; absent: every action authorising the type. */
  onlyFor: ReadonlySet<string> | undefined;
  /** Its ARNs are added to the other rules' instead of being an alternative to them. */
  additional: boolean;
}

export interface Where {
  file: string;
  pointer: string;
}

function fail(where: Where, problem: string): never {
  throw new InputError(`mappings/${where.file}`, problem, where.pointer);
}

const GROUP = /\(\?<([A-Za-z][A-Za-z0-9_]*)>/g;

export function compileRule(
  data: ResourceRuleData,
  format: ArnFormat | undefined,
  where: Where,
): CompiledRule {
  const bind = Object.entries(data.bind ?? {}).map(([k, v]): [string, Path] => [k, compilePath(v)]);
  const from =
    data.from === undefined ? [] : (Array.isArray(data.from) ? data.from : [data.from]).map(compilePath);
  const rule: CompiledRule = {
    wildcard: data.wildcard === 'wildcard-only',
    format,
    condition: data.if === undefined ? undefined : compilePath(data.if),
    each: data.each === undefined ? [] : [compilePath(data.each)],
    from,
    defaultValue: data.default,
    // Case-insensitive like conditions: PartiQL verbs and hostnames come in any case.
    match: data.match === undefined ? undefined : new RegExp(data.match, 'i'),
    bind,
    fill: new Map(Object.entries(data.fill ?? {})),
    openName: undefined,
    nameSuffix: data.nameSuffix,
    decodeUri: data.decodeUri === true,
    lowerCase: data.lowerCase === true,
    pathFrom: data.pathFrom === undefined ? undefined : compilePath(data.pathFrom),
    qualifierFrom: data.qualifierFrom === undefined ? undefined : compilePath(data.qualifierFrom),
    qualifiedFor: new Set(data.qualifiedFor ?? []),
    onlyFor: data.onlyFor === undefined ? undefined : new Set(data.onlyFor),
    additional: data.additional === true,
  };
  if (rule.wildcard || format === undefined) return rule;

  const placeholders = new Set(format.parts.flatMap((p) => ('placeholder' in p ? [p.placeholder] : [])));
  const groups = new Set(
    data.match === undefined ? [] : [...data.match.matchAll(GROUP)].map((m) => m[1] ?? ''),
  );
  for (const g of groups) {
    if (g !== 'Qualifier' && !placeholders.has(g))
      fail(where, `bad template: match group ${g} is not a placeholder of ${format.text}`);
  }
  for (const [k] of bind) {
    if (!placeholders.has(k)) fail(where, `bad template: bind ${k} is not a placeholder of ${format.text}`);
  }
  for (const [k, v] of rule.fill) {
    if (!placeholders.has(k)) fail(where, `bad template: fill ${k} is not a placeholder of ${format.text}`);
    if (v === '' && !isContext(k)) fail(where, `bad template: fill ${k} is empty`);
  }
  if (rule.match !== undefined && from.length === 0) fail(where, 'bad template: match without from');
  const open = format.names.filter(
    (n) => !groups.has(n) && !rule.bind.some(([k]) => k === n) && !rule.fill.has(n),
  );
  if (data.arnOnly === true) {
    if (from.length === 0 || rule.match !== undefined)
      fail(where, 'bad template: arnOnly takes a from and no match');
    return rule;
  }
  if (open.length > 1) fail(where, `bad template: no value for ${open.join(', ')} in ${format.text}`);
  if (open.length === 1) {
    if (from.length === 0) fail(where, `bad template: no value for ${open[0]} in ${format.text}`);
    rule.openName = open[0];
  }
  return rule;
}

export type RuleResult = { kind: 'arns'; arns: string[] } | { kind: 'wildcard' } | { kind: 'skip' };

export function evaluateRule(rule: CompiledRule, scope: Scope, ctx: RuleContext, action: string): RuleResult {
  if (rule.onlyFor !== undefined && !rule.onlyFor.has(action)) return { kind: 'skip' };
  if (rule.condition !== undefined && !present(read(rule.condition, scope), ctx)) return { kind: 'skip' };
  if (rule.wildcard) return { kind: 'wildcard' };
  const arns: string[] = [];
  const items = rule.each.length === 0 ? [scope.element] : rule.each.flatMap((p) => elements(read(p, scope)));
  for (const element of items) {
    const s: Scope = { root: scope.root, element, response: scope.response };
    // A rule without `from` names its resource through `bind` alone: one ARN per element.
    let values: (string | undefined)[] = rule.from.length === 0 ? [undefined] : [];
    for (const path of rule.from) {
      values = names(read(path, s), ctx);
      if (values.length > 0) break;
    }
    if (values.length === 0 && rule.defaultValue !== undefined) values = [rule.defaultValue];
    for (const value of values) {
      const arn = buildOne(rule, value, s, ctx, action);
      if (arn !== undefined && !arns.includes(arn)) arns.push(arn);
    }
  }
  return { kind: 'arns', arns };
}

function buildOne(
  rule: CompiledRule,
  value: string | undefined,
  s: Scope,
  ctx: RuleContext,
  action: string,
): string | undefined {
  const format = rule.format;
  if (format === undefined) return undefined;
  let raw = value;
  if (raw !== undefined && rule.decodeUri) {
    try {
      raw = decodeURIComponent(raw);
    } catch {
      return undefined;
    }
  }
  const isArn = raw?.startsWith('arn:') === true;
  if (raw !== undefined && !isArn && rule.lowerCase) raw = raw.toLowerCase();
  let groups: Record<string, string | undefined> = {};
  if (rule.match !== undefined) {
    const m = raw === undefined ? null : rule.match.exec(raw);
    if (m === null) return undefined;
    groups = m.groups ?? {};
  } else if (raw !== undefined && isArn) {
    // An ARN in the request is used as it is, when it is of the rule's resource type.
    return format.regex.test(raw) ? raw : undefined;
  }
  const lookup = (p: string): string | undefined => {
    const g = groups[p];
    if (g !== undefined && g !== '') return g;
    const filled = rule.fill.get(p);
    if (filled !== undefined) return filled;
    const bound = rule.bind.find(([k]) => k === p);
    if (bound !== undefined) {
      const v = names(read(bound[1], s), ctx)[0];
      if (v !== undefined || !isContext(p)) return v;
    }
    if (p === rule.openName && raw !== undefined)
      return isArn ? raw : withPath(rule, s, ctx) + raw + (rule.nameSuffix ?? '');
    if (p === 'Partition') return ctx.partition;
    if (p === 'Region') return ctx.region === '' ? undefined : ctx.region;
    if (p === 'Account') return ctx.account;
    return undefined;
  };
  const arn = buildArn(format, lookup);
  // A name holding the format's separators (a service ARN given where a name goes) builds no ARN.
  if (arn === undefined || !format.regex.test(arn)) return undefined;
  const qualifier =
    groups['Qualifier'] ??
    (rule.qualifierFrom === undefined ? undefined : names(read(rule.qualifierFrom, s), ctx)[0]);
  return qualifier !== undefined && qualifier !== '' && rule.qualifiedFor.has(action)
    ? `${arn}:${qualifier}`
    : arn;
}

/** An IAM path as the start of a name with path: `/a/b/` → `a/b/`, `/` or none → nothing. */
function withPath(rule: CompiledRule, s: Scope, ctx: RuleContext): string {
  if (rule.pathFrom === undefined) return '';
  const path = names(read(rule.pathFrom, s), ctx)[0] ?? '/';
  const inner = path.replace(/^\/+/, '');
  return inner === '' || inner.endsWith('/') ? inner : `${inner}/`;
}

/** Strings that name something: not empty, not a redaction placeholder; arrays give each of theirs. */
export function names(value: unknown, ctx: RuleContext): string[] {
  if (Array.isArray(value)) return value.flatMap((v) => names(v, ctx));
  const s = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : undefined;
  return s === undefined || s === '' || ctx.redacted.has(s) ? [] : [s];
}

function present(value: unknown, ctx: RuleContext): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'string' || typeof value === 'number' || Array.isArray(value))
    return names(value, ctx).length > 0;
  return true;
}

export interface CompiledCondition {
  path: Path;
  test: (value: unknown, ctx: RuleContext) => boolean;
}

export function compileCondition(data: ConditionData): CompiledCondition {
  const path = compilePath(data.path);
  if (data.present !== undefined) {
    const want = data.present;
    return { path, test: (v, ctx) => present(v, ctx) === want };
  }
  if (data.equals !== undefined) {
    const allowed = new Set(data.equals);
    return { path, test: (v) => (typeof v === 'string' || typeof v === 'number') && allowed.has(String(v)) };
  }
  if (data.notMatches !== undefined) {
    const re = new RegExp(data.notMatches, 'i');
    return { path, test: (v) => typeof v === 'string' && !re.test(v) };
  }
  const re = new RegExp(data.matches ?? '', 'i');
  return { path, test: (v) => typeof v === 'string' && re.test(v) };
}

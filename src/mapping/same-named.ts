import { buildArn, type ArnFormat } from './arn.js';
import { isPlainObject } from './path.js';
import { names, type RuleContext } from './resource-rule.js';

/** Placeholders several types of a service share (wafv2's `${Scope}/ipset/${Name}/${Id}`). */
const GENERIC = new Set(['Name', 'Id', 'Scope', 'ResourceId', 'ResourceName', 'Arn']);

/**
 * The general rule for resource types no rule in mappings/ describes: a top-level request parameter named
 * like the ARN format's placeholder (`vaultName` for `${VaultName}`, `instanceIds` for a list of
 * `${InstanceId}`), or the type's name and the placeholder's last word (`ruleId` for waf `rule/${Id}`),
 * or `name`/`id` for the action's one `…Name`/`…Id` format, or a top-level value that already is an ARN of
 * a type the action authorises. The Service Authorization Reference names its ARN placeholders after the
 * API parameters that identify the resource (https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html).
 * The response is not read: where a service picks the id, IAM authorised the request before it existed.
 */
export function sameNamed(
  formats: readonly ArnFormat[],
  request: Record<string, unknown> | undefined,
  ctx: RuleContext,
  /** All the formats of the action (`formats` may be those no rule describes): decide `name` and `id`. */
  all: readonly ArnFormat[] = formats,
): string[] {
  if (!isPlainObject(request)) return [];
  const byKey = new Map<string, unknown>();
  for (const [k, v] of Object.entries(unwrap(request))) byKey.set(k.toLowerCase(), v);
  const own = ownParameter(all);
  const out: string[] = [];
  const add = (arn: string | undefined, format: ArnFormat): void => {
    if (arn !== undefined && format.regex.test(arn) && !out.includes(arn)) out.push(arn);
  };
  for (const format of formats) {
    const [first, ...others] = format.names;
    if (first === undefined) continue;
    if (others.length === 0) {
      const key = first.toLowerCase();
      // `ruleId` for waf's rule/${Id}, `transcriptionJobName` for transcription-job/${JobName}.
      const typed = format.type.replace(/[^A-Za-z0-9]/g, '').toLowerCase() + lastWord(first);
      const given =
        byKey.get(key) ??
        byKey.get(`${key}s`) ??
        byKey.get(typed) ??
        byKey.get(`${typed}s`) ??
        byKey.get(own.get(format) ?? '');
      for (const found of names(given, ctx)) {
        const value = /^arn%3A/i.test(found) ? decoded(found) : found;
        add(value.startsWith('arn:') ? value : build(format, { [first]: value }, ctx), format);
      }
      continue;
    }
    // Several names (mesh and route): each from its own parameter, holding exactly one value. Generic
    // names (wafv2's `${Scope}/ipset/${Name}/${Id}`) are shared by the formats of several types.
    if (format.names.some((n) => GENERIC.has(n))) continue;
    const values: Record<string, string> = {};
    for (const name of format.names) {
      const found = names(byKey.get(name.toLowerCase()), ctx);
      if (found.length === 1 && found[0] !== undefined && !found[0].startsWith('arn:'))
        values[name] = found[0];
    }
    if (Object.keys(values).length === format.names.length) add(build(format, values, ctx), format);
  }
  for (const value of byKey.values()) {
    for (const found of names(value, ctx)) {
      // Path parameters (Kafka's clusterArn) are logged URI-encoded.
      const arn = /^arn%3A/i.test(found) ? decoded(found) : found;
      if (!arn.startsWith('arn:')) continue;
      const format = formats.find((f) => f.regex.test(arn));
      if (format !== undefined) add(arn, format);
    }
  }
  return out;
}

/**
 * A request logged as one object named after the call (EC2's newer APIs:
 * `{"CreateTrafficMirrorSessionRequest": {"NetworkInterfaceId": …}}`) is read inside that object.
 */
function unwrap(request: Record<string, unknown>): Record<string, unknown> {
  const keys = Object.keys(request);
  const inner = keys.length === 1 ? request[keys[0] ?? ''] : undefined;
  return isPlainObject(inner) && /Req(?:uest)?$/.test(keys[0] ?? '') ? inner : request;
}

/**
 * A call's own resource is often just `name` or `id` (UpdateCanary's `name` is the canary's): read so when
 * exactly one format of the action has a `…Name` (or `…Id`) placeholder, and it is the only one.
 */
function ownParameter(formats: readonly ArnFormat[]): Map<ArnFormat, string> {
  const out = new Map<ArnFormat, string>();
  for (const [suffix, key] of [
    ['Name', 'name'],
    ['Id', 'id'],
  ] as const) {
    const having = formats.filter((f) => f.names.some((n) => n.endsWith(suffix)));
    const [only] = having;
    if (having.length === 1 && only?.names.length === 1 && !out.has(only)) out.set(only, key);
  }
  return out;
}

function lastWord(name: string): string {
  return (/[A-Z][a-z0-9]*$/.exec(name)?.[0] ?? name).toLowerCase();
}

function decoded(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function build(format: ArnFormat, values: Record<string, string>, ctx: RuleContext): string | undefined {
  return buildArn(format, (p) => {
    if (p in values) return values[p];
    if (p === 'Partition') return ctx.partition;
    if (p === 'Region') return ctx.region === '' ? undefined : ctx.region;
    if (p === 'Account') return ctx.account;
    return undefined;
  });
}

/**
 * A template value that may hold intrinsic functions, and its rendering in each file's own style:
 * short-form tags (`!GetAtt X.Arn`) in CloudFormation YAML, long form (`Fn::GetAtt: [X, Arn]`) in
 * Serverless files, JSON objects in JSON templates.
 */
import { Scalar, YAMLSeq, type Document, type Node } from 'yaml';

export class Intrinsic {
  private constructor(
    readonly fn: 'GetAtt' | 'Ref' | 'Join',
    readonly args: readonly IacValue[],
  ) {}
  static getAtt(logicalId: string, attribute: string): Intrinsic {
    return new Intrinsic('GetAtt', [logicalId, attribute]);
  }
  static ref(logicalId: string): Intrinsic {
    return new Intrinsic('Ref', [logicalId]);
  }
  static join(delimiter: string, parts: readonly IacValue[]): Intrinsic {
    return new Intrinsic('Join', [delimiter, [...parts]]);
  }
}

export type IacValue = string | Intrinsic | readonly IacValue[] | { readonly [key: string]: IacValue };

export type ValueStyle = 'yaml-short' | 'yaml-long' | 'json';

/**
 * Template data read back (long-form intrinsics) as a value to write: `Ref`, `Fn::GetAtt` and `Fn::Join`
 * become intrinsics again, every other function stays a plain map (valid long form in any style).
 */
export function fromPlain(value: unknown): IacValue {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(fromPlain);
  if (typeof value !== 'object' || value === null) return '';
  const entries = Object.entries(value as Record<string, unknown>);
  const [only] = entries;
  if (entries.length === 1 && only) {
    const [key, arg] = only;
    if (key === 'Ref' && typeof arg === 'string') return Intrinsic.ref(arg);
    if (key === 'Fn::GetAtt') {
      const [id, attribute] = Array.isArray(arg) ? arg : typeof arg === 'string' ? arg.split('.', 2) : [];
      if (typeof id === 'string' && typeof attribute === 'string') return Intrinsic.getAtt(id, attribute);
    }
    if (key === 'Fn::Join' && Array.isArray(arg) && typeof arg[0] === 'string' && Array.isArray(arg[1]))
      return Intrinsic.join(arg[0], (arg[1] as unknown[]).map(fromPlain));
  }
  return Object.fromEntries(entries.map(([k, v]) => [k, fromPlain(v)]));
}

/** Plain data for JSON and long-form YAML. */
export function toPlain(value: IacValue): unknown {
  if (typeof value === 'string') return value;
  if (value instanceof Intrinsic) {
    if (value.fn === 'Ref') return { Ref: value.args[0] };
    return { [`Fn::${value.fn}`]: value.args.map(toPlain) };
  }
  if (Array.isArray(value)) return value.map(toPlain);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toPlain(v as IacValue)]));
}

/** A YAML node for `doc`; short-form tags when `style` is yaml-short. */
export function toYamlNode(doc: Document, value: IacValue, style: ValueStyle): Node {
  if (style !== 'yaml-short') return doc.createNode(toPlain(value)) as Node;
  if (value instanceof Intrinsic) {
    const [first, second] = value.args;
    if (value.fn === 'GetAtt' || value.fn === 'Ref') {
      const scalar = new Scalar(value.fn === 'GetAtt' ? `${String(first)}.${String(second)}` : String(first));
      scalar.tag = `!${value.fn}`;
      return scalar;
    }
    const sub = asSub(value);
    if (sub !== undefined) {
      const scalar = new Scalar(sub);
      scalar.tag = '!Sub';
      return scalar;
    }
    const seq = new YAMLSeq();
    seq.tag = '!Join';
    seq.flow = true;
    seq.items = [toYamlNode(doc, first ?? '', style), toYamlNode(doc, second ?? [], style)];
    return seq;
  }
  if (typeof value === 'string') return doc.createNode(value) as Node;
  if (Array.isArray(value)) {
    const seq = new YAMLSeq();
    seq.items = value.map((v: IacValue) => toYamlNode(doc, v, style));
    return seq;
  }
  const entries = Object.entries(value);
  const only = entries.length === 1 ? entries[0] : undefined;
  // Any other intrinsic read back in long form (`Fn::Sub: …`) is written as the file's short form.
  if (only && /^Fn::[A-Za-z]+$/.test(only[0])) {
    const inner = toYamlNode(doc, only[1] as IacValue, style) as Node & { tag?: string };
    if (inner.tag === undefined) {
      inner.tag = `!${only[0].slice(4)}`;
      return inner;
    }
  }
  const map = doc.createNode({}) as Node & { items: unknown[] };
  for (const [k, v] of entries) map.items.push(doc.createPair(k, toYamlNode(doc, v as IacValue, style)));
  return map;
}

/** `!Join ['/', [!GetAtt B.Arn, 'rides/*']]` reads better as `!Sub '${B.Arn}/rides/*'`. */
function asSub(join: Intrinsic): string | undefined {
  const [delimiter, parts] = join.args;
  if (typeof delimiter !== 'string' || !Array.isArray(parts)) return undefined;
  const pieces: string[] = [];
  for (const part of parts as readonly IacValue[]) {
    if (typeof part === 'string' && !part.includes('${')) pieces.push(part);
    else if (part instanceof Intrinsic && part.fn === 'GetAtt') pieces.push(`\${${part.args.join('.')}}`);
    else if (part instanceof Intrinsic && part.fn === 'Ref') pieces.push(`\${${String(part.args[0])}}`);
    else return undefined;
  }
  return pieces.join(delimiter);
}

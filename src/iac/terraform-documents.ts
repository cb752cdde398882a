/**
 * The policy documents of a Terraform module in their three spellings — `jsonencode({…})`, heredoc
 * JSON, `data "aws_iam_policy_document"` — read: where they are, which services their Allow
 * statements grant, and their Deny statements. terraform-rewrite.ts writes them back.
 */
import type { Block, Expression } from './hcl/ast.js';
import { evaluate, type HclValue } from './hcl/values.js';
import { attribute, blocks, type TfBlock, type TfModule } from './terraform-module.js';

export type DocumentStyle = 'jsonencode' | 'heredoc' | 'data-source';

export interface TfDocument {
  style: DocumentStyle;
  /** The jsonencode argument, the heredoc, or the data source's block. */
  node: Expression | Block;
  path: string;
  /** Services the document's Allow statements grant (`*` for all, or when it cannot tell). */
  services: Set<string>;
  /** The data source, when the document is one (edited once even if several policies use it). */
  data?: TfBlock;
  /**
   * Its Deny statements, kept as written (they never widen, and they may narrow grants the patch
   * leaves): source text in jsonencode, JSON in a heredoc; a data source's stay in place.
   */
  denies: HclValue[];
  /** A heredoc's interpolations, which its `denies` hold as placeholders. */
  interpolations?: string[];
}

export type DocumentRead = { ok: true; document: TfDocument } | { ok: false; reason: string };

/** One statement to write, resources already turned into the module's references. */
export interface TfStatement {
  sid?: string;
  effect: 'Allow' | 'Deny';
  actions: { key: 'Action' | 'NotAction'; values: string[] };
  resources?: { key: 'Resource' | 'NotResource'; values: HclValue[] };
  condition?: Record<string, Record<string, string[]>>;
}

function servicesOf(actions: HclValue | undefined, into: Set<string>): void {
  const list = Array.isArray(actions) ? actions : [actions];
  for (const a of list) {
    if (typeof a !== 'string' || a === '*' || !a.includes(':')) into.add('*');
    else into.add(a.slice(0, a.indexOf(':')).toLowerCase());
  }
}

const isDeny = (v: unknown): boolean =>
  typeof v === 'object' && v !== null && (v as { Effect?: unknown }).Effect === 'Deny';

function statementList(document: unknown): unknown[] {
  const statements = (document as { Statement?: unknown } | null)?.Statement;
  return Array.isArray(statements) ? statements : [statements];
}

/** How a heredoc's interpolations are held in its parsed JSON. */
export const PLACEHOLDER = /__pare_interpolation_(\d+)__/g;

function jsonServices(document: unknown): Set<string> {
  const services = new Set<string>();
  for (const s of statementList(document) as { Effect?: unknown; Action?: HclValue; NotAction?: unknown }[]) {
    if (s?.Effect === 'Deny') continue;
    if (s?.NotAction !== undefined) services.add('*');
    else servicesOf(s?.Action, services);
  }
  return services;
}

export function readDocument(module: TfModule, expression: Expression, path: string): DocumentRead {
  const source = module.sources.get(path) ?? '';
  const text = source.slice(expression.start, expression.end);
  if (expression.kind === 'call' && expression.name === 'jsonencode') {
    const arg = expression.args[0];
    if (arg?.kind !== 'object')
      return { ok: false, reason: `${text.slice(0, 40)}…: jsonencode of a non-object` };
    const statement = arg.items.find((i) => i.key.kind === 'variable' && i.key.name === 'Statement')?.value;
    const items = statement?.kind === 'tuple' ? statement.items : [];
    const denies = items
      .filter((i) => isDeny(evaluate(i, source)))
      .map((i) => ({ reference: source.slice(i.start, i.end) }));
    const services = jsonServices(evaluate(arg, source));
    return { ok: true, document: { style: 'jsonencode', node: arg, path, services, denies } };
  }
  if (expression.kind === 'heredoc') {
    // Interpolations are ARNs or names inside JSON strings: placeholders keep the JSON readable.
    const interpolations: string[] = [];
    const json = expression.parts
      .map((p) =>
        p.kind === 'text'
          ? p.value
          : `__pare_interpolation_${interpolations.push(source.slice(p.start, p.end)) - 1}__`,
      )
      .join('');
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch {
      return { ok: false, reason: `heredoc at ${path} is not JSON` };
    }
    const denies = statementList(parsed).filter(isDeny) as HclValue[];
    return {
      ok: true,
      document: {
        style: 'heredoc',
        node: expression,
        path,
        services: jsonServices(parsed),
        denies,
        interpolations,
      },
    };
  }
  const names = expression.kind === 'traversal' ? text.split('.') : [];
  if (
    names.length === 4 &&
    names[0] === 'data' &&
    names[1] === 'aws_iam_policy_document' &&
    names[3] === 'json'
  ) {
    const data = module.data.find((d) => d.address === names.slice(0, 3).join('.'));
    if (!data) return { ok: false, reason: `${text}: the data source is not in this module` };
    const services = new Set<string>();
    const denies: HclValue[] = [];
    for (const s of blocks(data.block, 'statement')) {
      const effect = attribute(s, 'effect');
      if (effect && evaluate(effect.expression, module.sources.get(data.path) ?? '') === 'Deny') {
        denies.push({ reference: 'statement' });
        continue;
      }
      const actions = attribute(s, 'actions');
      servicesOf(actions ? evaluate(actions.expression, module.sources.get(data.path) ?? '') : '*', services);
    }
    return {
      ok: true,
      document: { style: 'data-source', node: data.block, path: data.path, services, data, denies },
    };
  }
  return {
    ok: false,
    reason: `${text.length > 60 ? `${text.slice(0, 57)}...` : text}: not supported (jsonencode, heredoc JSON or data aws_iam_policy_document)`,
  };
}

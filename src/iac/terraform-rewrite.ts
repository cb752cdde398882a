/**
 * A policy document rewritten in its own spelling with the generated statements: an HCL object as
 * `terraform fmt` writes it in jsonencode, pretty JSON in a heredoc, `statement` blocks in a data
 * source. Deny statements are kept.
 */
import { evaluate, isReference, type HclValue } from './hcl/values.js';
import { hclBlock, hclValue, type HclBlockText } from './hcl/write.js';
import { PLACEHOLDER, type TfDocument, type TfStatement } from './terraform-documents.js';
import { removeLines, type TextEdit } from './terraform-edits.js';
import { attribute, blocks } from './terraform-module.js';

function lineStart(source: string, offset: number): number {
  return source.lastIndexOf('\n', offset - 1) + 1;
}

function indentAt(source: string, offset: number): string {
  return /^[ \t]*/.exec(source.slice(lineStart(source, offset)))?.[0] ?? '';
}

function jsonShape(s: TfStatement): Record<string, HclValue> {
  const out: Record<string, HclValue> = {};
  if (s.sid !== undefined) out['Sid'] = s.sid;
  out['Effect'] = s.effect;
  out[s.actions.key] = s.actions.values;
  if (s.resources) {
    const [only] = s.resources.values;
    out[s.resources.key] = s.resources.values.length === 1 && only !== undefined ? only : s.resources.values;
  }
  if (s.condition) out['Condition'] = s.condition;
  return out;
}

/** The document value jsonencode and heredocs write. */
export function documentValue(
  statements: readonly TfStatement[],
  version: string,
  denies: readonly HclValue[] = [],
): HclValue {
  return { Version: version, Statement: [...statements.map(jsonShape), ...denies] };
}

/** References inside a heredoc are interpolations: `aws_x.y.arn` → `${aws_x.y.arn}`. */
function heredocValue(value: HclValue): unknown {
  if (isReference(value)) {
    const r = value.reference;
    return r.startsWith('"') ? r.slice(1, -1) : `\${${r}}`;
  }
  if (Array.isArray(value)) return value.map(heredocValue);
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, heredocValue(v)]));
  return value;
}

function statementBlock(s: TfStatement): HclBlockText {
  const attributes: [string, HclValue][] = [];
  if (s.sid !== undefined) attributes.push(['sid', s.sid]);
  attributes.push(['effect', s.effect]);
  attributes.push([s.actions.key === 'Action' ? 'actions' : 'not_actions', s.actions.values]);
  if (s.resources)
    attributes.push([s.resources.key === 'Resource' ? 'resources' : 'not_resources', s.resources.values]);
  const conditions = Object.entries(s.condition ?? {}).flatMap(([test, byKey]) =>
    Object.entries(byKey).map(([variable, values]) => ({
      type: 'condition',
      attributes: [
        ['test', test],
        ['variable', variable],
        ['values', values],
      ] as [string, HclValue][],
    })),
  );
  return { type: 'statement', attributes, blocks: conditions };
}

/** The edits that make `document` hold exactly `statements` (a data source keeps its Deny statements). */
export function rewriteDocument(
  document: TfDocument,
  source: string,
  statements: readonly TfStatement[],
  version: string,
): TextEdit[] {
  const node = document.node;
  if (document.style === 'jsonencode') {
    const value = documentValue(statements, version, document.denies);
    return [{ start: node.start, end: node.end, text: hclValue(value, indentAt(source, node.start)) }];
  }
  if (document.style === 'heredoc' && node.kind === 'heredoc') {
    // The first line's indentation is the file's style (and what `<<-` strips).
    const indent = indentAt(source, node.body.start);
    const json = JSON.stringify(
      heredocValue(documentValue(statements, version, document.denies)),
      null,
      2,
    ).replace(PLACEHOLDER, (_, n: string) => document.interpolations?.[Number(n)] ?? '');
    return [
      {
        start: node.body.start,
        end: node.body.end,
        text: `${json
          .split('\n')
          .map((l) => indent + l)
          .join('\n')}\n`,
      },
    ];
  }
  if (node.kind !== 'block') return [];
  const allows = blocks(node, 'statement').filter((b) => {
    const effect = attribute(b, 'effect');
    return !effect || evaluate(effect.expression, source) !== 'Deny';
  });
  const indent = `${indentAt(source, node.start)}  `;
  const text = statements.map((s) => hclBlock(statementBlock(s), indent)).join('\n');
  const first = allows[0];
  if (!first) {
    const at = lineStart(source, node.body.end);
    return [{ start: at, end: at, text: `\n${text}` }];
  }
  // The generated statements take the first Allow's place; Deny statements stay where they are.
  return allows.map((b, i) => ({ ...removeLines(source, b, i > 0), ...(i === 0 ? { text } : {}) }));
}

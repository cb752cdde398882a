/**
 * Where the CDK source creates a construct and grants to it. CDK source is code: pare only reads it,
 * by pattern, to name file:line for the person who will edit it.
 */
import type { IacFile } from './model.js';

export interface SourceLine {
  path: string;
  /** 1-based. */
  line: number;
  text: string;
}

export interface ConstructSite extends SourceLine {
  /** The variable the construct is assigned to (`const reporter = new …`, `this.reporter = new …`). */
  variable?: string;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

function lineText(text: string, line: number): string {
  const trimmed = (text.split('\n')[line - 1] ?? '').trim();
  return trimmed.length > 120 ? `${trimmed.slice(0, 117)}...` : trimmed;
}

/** `new X(this, 'Id'` (or `scope`, `stack`) for a construct id, in every source file. */
export function constructSites(sources: readonly IacFile[], id: string): ConstructSite[] {
  const pattern = new RegExp(
    `(?:(?:const|let|var)\\s+(\\w+)\\s*(?::[^=]+)?=\\s*|this\\.(\\w+)\\s*=\\s*)?new\\s+[\\w.]+\\s*\\(\\s*\\w+\\s*,\\s*(['"\`])${escape(id)}\\3`,
    'g',
  );
  const sites: ConstructSite[] = [];
  for (const file of sources) {
    for (const m of file.text.matchAll(pattern)) {
      const start = m.index + m[0].indexOf('new');
      const line = lineAt(file.text, start);
      const variable = m[1] ?? m[2];
      sites.push({
        path: file.path,
        line,
        text: lineText(file.text, line),
        ...(variable !== undefined ? { variable } : {}),
      });
    }
  }
  return sites.sort((a, b) => a.path.localeCompare(b.path) || a.line - b.line);
}

/**
 * The calls in `path` that add to the role of `variable`: `x.grant…(variable…)`, `variable.addToRolePolicy`,
 * `variable.addToPolicy` / `addToPrincipalPolicy`, `variable.role…addManagedPolicy`.
 */
export function grantCalls(source: IacFile, variable: string): SourceLine[] {
  const v = escape(variable);
  const pattern = new RegExp(
    [
      `\\.grant\\w*\\(\\s*(?:this\\.)?${v}\\b`,
      `(?<![\\w.])(?:this\\.)?${v}(?:\\.role!?|\\.role\\?)?\\.(?:addToRolePolicy|addToPolicy|addToPrincipalPolicy|addManagedPolicy|attachInlinePolicy)\\(`,
    ].join('|'),
    'g',
  );
  const lines = new Set<number>();
  for (const m of source.text.matchAll(pattern)) lines.add(lineAt(source.text, m.index));
  return [...lines]
    .sort((a, b) => a - b)
    .map((line) => ({ path: source.path, line, text: lineText(source.text, line) }));
}

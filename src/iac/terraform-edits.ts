/**
 * Minimal text edits on a Terraform file. A comment inside a replaced value is never dropped: it moves
 * to the edit's `commentsAt` (by default the start of the edited line), re-indented. A removed block
 * takes its own comments along, those inside it and those directly above it: they describe it.
 */
import type { Comment, Span } from './hcl/ast.js';

export interface TextEdit extends Span {
  text: string;
  /** Where comments inside [start, end) go; the start of the line the edit begins on by default. */
  commentsAt?: number;
  /** The edit removes a block with its comments. */
  dropsComments?: boolean;
}

function lineStart(source: string, offset: number): number {
  return source.lastIndexOf('\n', offset - 1) + 1;
}

const previousLine = (source: string, start: number): string =>
  start > 0 ? source.slice(lineStart(source, start - 1), start).trim() : '';

/**
 * The edit that removes a block with its whole lines, the comment lines directly above it, and (with
 * `blankBefore`) one blank line before those, so that no gap is left behind.
 */
export function removeLines(source: string, span: Span, blankBefore = true): TextEdit {
  let start = lineStart(source, span.start);
  while (/^(#|\/\/)/.test(previousLine(source, start))) start = lineStart(source, start - 1);
  const newline = source.indexOf('\n', span.end);
  const end = newline < 0 ? source.length : newline + 1;
  if (blankBefore && start > 0 && previousLine(source, start) === '') start = lineStart(source, start - 1);
  return { start, end, text: '', dropsComments: true };
}

export function applyEdits(source: string, edits: readonly TextEdit[], comments: readonly Comment[]): string {
  const splices: TextEdit[] = [...edits];
  for (const edit of edits) {
    if (edit.dropsComments) continue;
    const inside = comments.filter(
      (c) => c.start >= edit.start && c.end <= edit.end && !edit.text.includes(c.text),
    );
    if (inside.length === 0) continue;
    const at = edit.commentsAt ?? lineStart(source, edit.start);
    const indent = /^[ \t]*/.exec(source.slice(at))?.[0] ?? '';
    splices.push({ start: at, end: at, text: inside.map((c) => `${indent}${c.text}\n`).join('') });
  }
  // From the end backwards, so offsets stay valid; at one offset the replacement goes first, so an
  // insertion there lands before it.
  splices.sort((a, b) => b.start - a.start || b.end - b.start - (a.end - a.start));
  let out = source;
  for (const s of splices) out = out.slice(0, s.start) + s.text + out.slice(s.end);
  return out;
}

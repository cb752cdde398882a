/**
 * HCL2 native-syntax tokens. Templates nest (`"a ${b("c ${d}")}"`), so the lexer keeps a stack of
 * modes like HCL's own scanner: normal, quoted template, heredoc template. Comments are collected on
 * the side; newlines are tokens because they end attributes.
 */
import type { Comment } from './ast.js';

export type TokenType =
  | 'ident'
  | 'number'
  | 'punct'
  | 'newline'
  | 'oquote'
  | 'cquote'
  | 'lit'
  | 'interp'
  | 'directive'
  | 'tend'
  | 'oheredoc'
  | 'cheredoc'
  | 'eof';

export interface Token {
  type: TokenType;
  /** Identifier, punctuation, decoded literal text, or the heredoc marker. */
  value: string;
  start: number;
  end: number;
  /** `<<-` heredocs strip the common indentation. */
  indented?: boolean;
}

export class HclSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

type Frame =
  | { mode: 'normal'; interp: boolean; depth: number }
  | { mode: 'quoted' }
  | { mode: 'heredoc'; marker: string; lineStart: boolean };

const PUNCT = ['...', '=>', '==', '!=', '<=', '>=', '&&', '||', '::', ...'=:,.?()[]{}+-*/%!<>'];
const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

export function lex(source: string): { tokens: Token[]; comments: Comment[] } {
  const tokens: Token[] = [];
  const comments: Comment[] = [];
  const stack: Frame[] = [{ mode: 'normal', interp: false, depth: 0 }];
  let pos = 0;
  const push = (type: TokenType, value: string, start: number, extra: Partial<Token> = {}): void => {
    tokens.push({ type, value, start, end: pos, ...extra });
  };

  /** `%{ … }` kept raw: skip to the matching brace, stepping over quoted strings. */
  const directive = (): void => {
    const start = pos;
    let depth = 0;
    for (; pos < source.length; pos++) {
      const c = source[pos];
      if (c === '"') {
        for (pos++; pos < source.length && source[pos] !== '"'; pos++) if (source[pos] === '\\') pos++;
      } else if (c === '{') depth++;
      else if (c === '}' && --depth === 0) {
        pos++;
        push('directive', source.slice(start, pos), start);
        return;
      }
    }
    throw new HclSyntaxError('unterminated template directive', start);
  };

  /** Template text up to the next sequence; `stop` says where a run ends in this kind of template. */
  const text = (quoted: boolean): void => {
    const start = pos;
    let value = '';
    while (pos < source.length) {
      const c = source[pos] ?? '';
      const next = source[pos + 1];
      if (quoted && (c === '"' || c === '\n')) break;
      if ((c === '$' || c === '%') && next === '{') break;
      if ((c === '$' || c === '%') && next === c && source[pos + 2] === '{') {
        value += `${c}{`;
        pos += 3;
        continue;
      }
      if (quoted && c === '\\') {
        const e = next ?? '';
        const hex = e === 'u' ? 4 : e === 'U' ? 8 : 0;
        if (hex > 0) {
          const digits = source.slice(pos + 2, pos + 2 + hex);
          if (!/^[0-9A-Fa-f]+$/.test(digits) || digits.length !== hex)
            throw new HclSyntaxError('invalid unicode escape', pos);
          value += String.fromCodePoint(parseInt(digits, 16));
          pos += 2 + hex;
          continue;
        }
        const decoded = ESCAPES[e];
        if (decoded === undefined) throw new HclSyntaxError(`invalid escape \\${e}`, pos);
        value += decoded;
        pos += 2;
        continue;
      }
      value += c;
      pos++;
      if (!quoted && c === '\n') break;
    }
    if (pos > start) push('lit', value, start);
  };

  while (pos < source.length) {
    const frame = stack[stack.length - 1] ?? { mode: 'normal', interp: false, depth: 0 };
    const start = pos;
    const c = source[pos] ?? '';
    if (frame.mode === 'quoted') {
      if (c === '"') {
        pos++;
        push('cquote', '"', start);
        stack.pop();
      } else if (c === '\n') throw new HclSyntaxError('unterminated string', pos);
      else if (c === '$' && source[pos + 1] === '{') {
        pos += source[pos + 2] === '~' ? 3 : 2;
        push('interp', '${', start);
        stack.push({ mode: 'normal', interp: true, depth: 0 });
      } else if (c === '%' && source[pos + 1] === '{') directive();
      else text(true);
      continue;
    }
    if (frame.mode === 'heredoc') {
      if (frame.lineStart) {
        const close = new RegExp(`^[ \\t]*${frame.marker}[ \\t]*(?=\\r?\\n|$)`).exec(source.slice(pos));
        if (close) {
          pos += close[0].length;
          push('cheredoc', frame.marker, start);
          stack.pop();
          continue;
        }
      }
      frame.lineStart = false;
      if (c === '$' && source[pos + 1] === '{') {
        pos += source[pos + 2] === '~' ? 3 : 2;
        push('interp', '${', start);
        stack.push({ mode: 'normal', interp: true, depth: 0 });
      } else if (c === '%' && source[pos + 1] === '{') directive();
      else {
        text(false);
        frame.lineStart = source[pos - 1] === '\n';
      }
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      pos++;
    } else if (c === '\n') {
      pos++;
      push('newline', '\n', start);
    } else if (c === '#' || (c === '/' && source[pos + 1] === '/')) {
      while (pos < source.length && source[pos] !== '\n' && source[pos] !== '\r') pos++;
      comments.push({ start, end: pos, text: source.slice(start, pos) });
    } else if (c === '/' && source[pos + 1] === '*') {
      const close = source.indexOf('*/', pos + 2);
      if (close < 0) throw new HclSyntaxError('unterminated comment', pos);
      pos = close + 2;
      comments.push({ start, end: pos, text: source.slice(start, pos) });
    } else if (/[A-Za-z_]/.test(c)) {
      while (/[A-Za-z0-9_-]/.test(source[pos] ?? '')) pos++;
      push('ident', source.slice(start, pos), start);
    } else if (/[0-9]/.test(c)) {
      pos = start + (/^[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(source.slice(pos))?.[0].length ?? 1);
      push('number', source.slice(start, pos), start);
    } else if (c === '"') {
      pos++;
      push('oquote', '"', start);
      stack.push({ mode: 'quoted' });
    } else if (c === '<' && source[pos + 1] === '<' && /^<<-?[A-Za-z_][\w-]*\r?\n/.test(source.slice(pos))) {
      const m = /^<<(-?)([A-Za-z_][\w-]*)\r?\n/.exec(source.slice(pos));
      pos += m?.[0].length ?? 0;
      push('oheredoc', m?.[2] ?? '', start, { indented: m?.[1] === '-' });
      stack.push({ mode: 'heredoc', marker: m?.[2] ?? '', lineStart: true });
    } else if (frame.interp && frame.depth === 0 && (c === '}' || (c === '~' && source[pos + 1] === '}'))) {
      pos += c === '~' ? 2 : 1;
      push('tend', '}', start);
      stack.pop();
    } else {
      const p = PUNCT.find((q) => source.startsWith(q, pos));
      if (!p) throw new HclSyntaxError(`unexpected character ${JSON.stringify(c)}`, pos);
      if (p === '{') frame.depth++;
      if (p === '}') frame.depth--;
      pos += p.length;
      push('punct', p, start);
    }
  }
  const open = stack[stack.length - 1];
  if (open?.mode === 'quoted') throw new HclSyntaxError('unterminated string', source.length);
  if (open?.mode === 'heredoc')
    throw new HclSyntaxError(`heredoc without closing ${open.marker}`, source.length);
  if (open?.mode === 'normal' && open.interp)
    throw new HclSyntaxError('unterminated template interpolation', source.length);
  tokens.push({ type: 'eof', value: '', start: pos, end: pos });
  return { tokens, comments };
}

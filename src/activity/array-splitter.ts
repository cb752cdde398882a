import { DocumentProblem } from './document-stream.js';
import { visitRecords, type RecordVisitor } from './shapes.js';
import { isObj } from './values.js';

/** The opening of a CloudTrail file or LookupEvents output (its list first), or of a bare array. */
const HEADER = /\s*(?:\{\s*"(Records|Events)"\s*:\s*)?\[/y;

/** Text needed to recognise a header (with generous whitespace). */
export const HEADER_LOOKAHEAD = 256;

export function startsLikeArray(text: string): boolean {
  HEADER.lastIndex = 0;
  return HEADER.test(text);
}

type State = 'header' | 'elements' | 'after' | 'between';

/**
 * The fast way through a large document of the usual shape, `{"Records": [ … ]}` (or `{"Events": [`,
 * or a bare array; several concatenated, as `cat`ting gzip files makes): the array's elements are
 * found by a scan that tracks brackets outside strings (skipping strings with indexOf) and each is
 * parsed with JSON.parse, several times faster than tokenising everything with stream-json. Memory is
 * one element. Use it when `startsLikeArray`; other shapes go to `DocumentStream`.
 */
export class ArraySplitter {
  private text = '';
  private state: State = 'header';
  private key = '';
  private where = '';
  private index = 0;
  private expectElement = false;
  private documents = 0;

  constructor(
    private readonly visit: RecordVisitor,
    private readonly maxElement: number,
  ) {}

  write(chunk: string): void {
    this.text = this.text.length === 0 ? chunk : this.text + chunk;
    this.run(false);
  }

  end(): void {
    this.run(true);
    if (this.state !== 'between') throw new DocumentProblem('invalid JSON (unexpected end of input)');
  }

  private run(final: boolean): void {
    const text = this.text;
    let pos = 0;
    for (;;) {
      if (this.state !== 'header') pos = skipSpace(text, pos);
      if (pos >= text.length) break;
      if (this.state === 'between') {
        this.state = 'header';
      } else if (this.state === 'header') {
        HEADER.lastIndex = pos;
        const m = HEADER.exec(text);
        if (m === null) {
          if (!final && text.length - pos < HEADER_LOOKAHEAD) break;
          throw new DocumentProblem('invalid JSON (unexpected text after the document)');
        }
        this.documents++;
        this.key = m[1] ?? '';
        this.where =
          this.documents > 1 ? `value ${this.documents}${this.key ? '.' : ''}${this.key}` : this.key;
        this.index = 0;
        this.expectElement = false;
        this.state = 'elements';
        pos = HEADER.lastIndex;
      } else if (this.state === 'elements') {
        if (text.charCodeAt(pos) === 0x5d /* ] */) {
          if (this.expectElement) throw new DocumentProblem('invalid JSON (a comma before "]")');
          this.closeArray();
          pos++;
          continue;
        }
        const end = boundary(text, pos, false);
        if (end === NOT_FOUND) break;
        if (end === MISMATCH)
          throw new DocumentProblem('invalid JSON (unexpected "}")', `${this.where}[${this.index}]`);
        this.element(text.slice(pos, end));
        pos = end + 1;
        if (text.charCodeAt(end) === 0x5d) this.closeArray();
        else this.expectElement = true;
      } else {
        // After the list: `}`, or more keys first (LookupEvents' NextToken) and then `}`.
        const c = text.charCodeAt(pos);
        if (c === 0x7d) {
          pos++;
        } else if (c === 0x2c) {
          const close = boundary(text, pos + 1, true);
          if (close === NOT_FOUND) break;
          if (close === MISMATCH || !parses(`{"_":0${text.slice(pos, close + 1)}`))
            throw new DocumentProblem(`invalid JSON (after ${this.key})`);
          pos = close + 1;
        } else {
          throw new DocumentProblem(
            `invalid JSON (unexpected ${JSON.stringify(text[pos])} after ${this.key})`,
          );
        }
        this.state = 'between';
      }
    }
    this.text = pos === 0 ? text : text.slice(pos);
    if (this.text.length > this.maxElement) {
      throw new DocumentProblem(`${this.where}[${this.index}] is longer than ${this.maxElement} characters`);
    }
  }

  private element(source: string): void {
    let value: unknown;
    try {
      value = JSON.parse(source);
    } catch (e) {
      throw new DocumentProblem(`invalid JSON (${(e as Error).message})`, `${this.where}[${this.index}]`);
    }
    const i = this.index++;
    if (
      this.key === '' &&
      isObj(value) &&
      (Array.isArray(value['Records']) || Array.isArray(value['Events']))
    ) {
      // An array of CloudTrail files, as `jq -s` makes.
      const problem = visitRecords(value, this.visit, `${this.where}[${i}]`);
      if (problem !== undefined) throw new DocumentProblem(problem);
    } else {
      this.visit(value, this.where, i);
    }
  }

  private closeArray(): void {
    this.state = this.key === '' ? 'between' : 'after';
  }
}

const NOT_FOUND = -1;
const MISMATCH = -2;

/**
 * The index that ends the value starting at `from`: the `,` or `]` after it (`brace`: the `}` closing
 * the object we are in); NOT_FOUND when the text ends first; MISMATCH at a stray closing bracket.
 * Only brackets and strings are followed; JSON.parse of the piece checks everything else.
 */
function boundary(text: string, from: number, brace: boolean): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      let j = i;
      for (;;) {
        j = text.indexOf('"', j + 1);
        if (j < 0) return NOT_FOUND;
        let backslashes = 0;
        while (text.charCodeAt(j - 1 - backslashes) === 0x5c) backslashes++;
        if ((backslashes & 1) === 0) break;
      }
      i = j;
    } else if (c === 0x7b || c === 0x5b) {
      depth++;
    } else if (c === 0x7d || c === 0x5d) {
      if (depth === 0) return (c === 0x7d) === brace ? i : MISMATCH;
      depth--;
    } else if (c === 0x2c && depth === 0 && !brace) {
      return i;
    }
  }
  return NOT_FOUND;
}

function skipSpace(text: string, pos: number): number {
  let i = pos;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return i;
    i++;
  }
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

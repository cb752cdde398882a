import Assembler from 'stream-json/assembler.js';
import { jsonParser } from 'stream-json/core/parser.js';
import type { Token } from 'stream-json/parser.js';
import { none, type Many } from 'stream-chain/defs.js';
import { looksLikeRecord, NOT_CLOUDTRAIL, visitRecords, type RecordVisitor } from './shapes.js';
import { describe, isObj, type Obj } from './values.js';

/** A JSON text that is not valid, or not a CloudTrail shape, found while streaming. */
export class DocumentProblem extends Error {
  constructor(
    message: string,
    /** Where in the document, when known (`Records[3]`). */
    readonly pointer?: string,
  ) {
    super(message);
  }
}

type Mode = 'top' | 'array' | 'object' | 'list';

/**
 * The records of a JSON document too large to `JSON.parse` whole, fed as text chunks: the same shapes as
 * `visitRecords` (Records / Events wrapper, bare array, one record), and several concatenated values
 * (`jq '.Records[]'` output). Each record is assembled on its own with stream-json, so memory is one
 * record, not one file. Synchronous: `write` visits every record the chunk completes.
 */
export class DocumentStream {
  // A flushable stage: text in, tokens out; called with `none` at the end (its .d.ts omits that).
  private readonly parse = jsonParser({ jsonStreaming: true, packValues: true, streamValues: false }) as (
    text: string | typeof none,
  ) => Many<Token> | typeof none;
  private mode: Mode = 'top';
  private assembler: Assembler | undefined;
  private deliver: (value: unknown) => void = () => {};
  private values = 0;
  private index = 0;
  private key = '';
  private listKey: 'Records' | 'Events' | undefined;
  private listSeen = false;
  private rest: Obj = {};

  /** `concatenated`: the text is known to hold several values; name each record's position. */
  constructor(
    private readonly visit: RecordVisitor,
    private readonly concatenated = false,
  ) {}

  write(text: string): void {
    let out;
    try {
      out = this.parse(text);
    } catch (e) {
      throw new DocumentProblem(`invalid JSON (${stripPrefix((e as Error).message)})`);
    }
    if (out !== none) for (const token of out.values) this.step(token);
  }

  end(): void {
    let out;
    try {
      out = this.parse(none);
    } catch (e) {
      if (this.mode !== 'top' || this.assembler)
        throw new DocumentProblem('invalid JSON (unexpected end of input)');
      throw new DocumentProblem(`invalid JSON (${stripPrefix((e as Error).message)})`);
    }
    if (out !== none) for (const token of out.values) this.step(token);
    if (this.mode !== 'top' || this.assembler)
      throw new DocumentProblem('invalid JSON (unexpected end of input)');
    if (this.values === 0) throw new DocumentProblem('invalid JSON (empty input)');
  }

  private step(token: Token): void {
    const assembler = this.assembler;
    if (assembler !== undefined) {
      assembler.consume(token);
      if (assembler.done) {
        this.assembler = undefined;
        this.deliver(assembler.current);
      }
      return;
    }
    switch (this.mode) {
      case 'top':
        this.values++;
        if (token.name === 'startArray') {
          this.mode = 'array';
          this.index = 0;
        } else if (token.name === 'startObject') {
          this.mode = 'object';
          this.rest = {};
          this.listSeen = false;
          this.listKey = undefined;
        } else {
          throw new DocumentProblem(`${NOT_CLOUDTRAIL}: found ${kindOf(token)}`);
        }
        return;
      case 'array':
        if (token.name === 'endArray') {
          this.mode = 'top';
          return;
        }
        this.value(token, (item) => {
          const i = this.index++;
          if (isObj(item) && (Array.isArray(item['Records']) || Array.isArray(item['Events']))) {
            const problem = visitRecords(item, this.visit, `[${i}]`);
            if (problem !== undefined) throw new DocumentProblem(problem);
          } else {
            this.visit(item, '', i);
          }
        });
        return;
      case 'list':
        if (token.name === 'endArray') {
          this.mode = 'object';
          return;
        }
        this.value(token, (item) => this.visit(item, this.listKey ?? '', this.index++));
        return;
      case 'object':
        this.objectStep(token);
    }
  }

  private objectStep(token: Token): void {
    if (token.name === 'keyValue') {
      this.key = token.value;
      if ((token.value === 'Records' || token.value === 'Events') && !this.listSeen)
        this.listKey = token.value;
      return;
    }
    if (token.name === 'endObject') {
      this.mode = 'top';
      if (this.listSeen) return;
      if (!looksLikeRecord(this.rest)) throw new DocumentProblem(NOT_CLOUDTRAIL);
      this.visit(this.rest, this.concatenated || this.values > 1 ? `value ${this.values}` : '', -1);
      return;
    }
    if (this.listKey !== undefined && !this.listSeen && this.key === this.listKey) {
      if (token.name !== 'startArray') {
        throw new DocumentProblem(`${this.listKey} is ${kindOf(token)}, not an array`);
      }
      this.mode = 'list';
      this.listSeen = true;
      this.index = 0;
      return;
    }
    const key = this.key;
    this.value(token, (value) => {
      Object.defineProperty(this.rest, key, { value, writable: true, enumerable: true, configurable: true });
    });
  }

  /** One JSON value starting at `token`: a scalar now, or a container once the assembler closes it. */
  private value(token: Token, deliver: (value: unknown) => void): void {
    if (token.name === 'startObject' || token.name === 'startArray') {
      const assembler = new Assembler();
      assembler.consume(token);
      this.assembler = assembler;
      this.deliver = deliver;
    } else {
      deliver(tokenValue(token));
    }
  }
}

function tokenValue(token: Token): unknown {
  switch (token.name) {
    case 'stringValue':
      return token.value;
    case 'numberValue':
      return Number(token.value);
    case 'nullValue':
      return null;
    case 'trueValue':
      return true;
    case 'falseValue':
      return false;
    default:
      return undefined;
  }
}

function kindOf(token: Token): string {
  return token.name === 'startObject' ? 'an object' : describe(tokenValue(token));
}

function stripPrefix(message: string): string {
  return message.replace(/^Parser cannot parse input: /, '');
}

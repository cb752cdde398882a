import { StringDecoder } from 'node:string_decoder';
import { InputError } from '../errors.js';
import type { Event } from '../model/event.js';
import { Collector } from './collector.js';
import type { NormaliseOptions } from './normalise.js';
import { ArraySplitter, HEADER_LOOKAHEAD, startsLikeArray } from './array-splitter.js';
import { DocumentProblem, DocumentStream } from './document-stream.js';
import { visitRecords } from './shapes.js';

/** `lines`: JSON Lines by name (.jsonl, .ndjson); `auto`: detected by content. */
export type Format = 'lines' | 'auto';

/**
 * All events of a text held in memory. `auto` tries, in order: one JSON document (the CloudTrail,
 * LookupEvents and array shapes), JSON Lines (when the first line is a JSON value of its own, whatever
 * the file is called), and concatenated JSON values (`jq '.Records[]'` output).
 */
export function parseText(
  input: string,
  file: string,
  format: Format,
  record: NormaliseOptions = {},
): Event[] {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const collector = new Collector(file, record);
  if (format === 'lines') {
    parseLines(text, collector);
    return collector.events;
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    const message = (e as Error).message;
    if (text.trim() === '') throw new InputError(file, 'empty file');
    if (firstLineIsValue(text)) {
      parseLines(text, collector);
    } else if (message.includes('after JSON')) {
      parseConcatenated(text, collector);
    } else {
      throw new InputError(file, `invalid JSON (${message})`);
    }
    return collector.events;
  }
  const problem = visitRecords(doc, collector.visit);
  if (problem !== undefined) throw new InputError(file, problem);
  return collector.events;
}

function parseLines(text: string, collector: Collector): void {
  let start = 0;
  let line = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    line++;
    const stop = end > start && text.charCodeAt(end - 1) === 0x0d ? end - 1 : end;
    collector.addLine(text.slice(start, stop), line);
    start = end + 1;
  }
}

function parseConcatenated(text: string, collector: Collector): void {
  const reader = startsLikeArray(text)
    ? new ArraySplitter(collector.visit, text.length)
    : new DocumentStream(collector.visit, true);
  try {
    reader.write(text);
    reader.end();
  } catch (e) {
    if (e instanceof DocumentProblem) throw new InputError(collector.file, e.message, e.pointer);
    throw e;
  }
}

/** True when the text's first line is a JSON object or array on its own (then it is JSON Lines). */
export function firstLineIsValue(text: string): boolean {
  const end = text.indexOf('\n');
  if (end < 0) return false;
  const first = text.slice(0, end).trim();
  if (first.charCodeAt(0) !== 0x7b && first.charCodeAt(0) !== 0x5b) return false;
  try {
    JSON.parse(first);
    return true;
  } catch {
    return false;
  }
}

/**
 * Events of a text streamed in chunks: `write` returns the events each chunk completed. Lines mode keeps
 * at most one partial line; document mode one partial record.
 */
export interface ChunkParser {
  write(chunk: Buffer): Event[];
  end(): Event[];
}

export function chunkParser(
  file: string,
  mode: 'lines' | 'document',
  maxLine: number,
  record: NormaliseOptions = {},
): ChunkParser {
  const collector = new Collector(file, record);
  const decoder = new StringDecoder('utf8');
  if (mode === 'document') {
    // The usual shape takes the fast splitter; anything else stream-json. Decided on the first bytes.
    let reader: { write(text: string): void; end(): void } | undefined;
    let start = '';
    const choose = (): void => {
      if (start.charCodeAt(0) === 0xfeff) start = start.slice(1);
      reader = startsLikeArray(start)
        ? new ArraySplitter(collector.visit, maxLine)
        : new DocumentStream(collector.visit);
      reader.write(start);
      start = '';
    };
    const guard = (f: () => void): Event[] => {
      try {
        f();
      } catch (e) {
        if (e instanceof DocumentProblem) throw new InputError(file, e.message, e.pointer);
        throw e;
      }
      return collector.take();
    };
    return {
      write: (chunk) =>
        guard(() => {
          const text = decoder.write(chunk);
          if (reader !== undefined) return reader.write(text);
          start += text;
          if (start.length >= HEADER_LOOKAHEAD) choose();
        }),
      end: () =>
        guard(() => {
          start += decoder.end();
          if (reader === undefined) choose();
          else reader.write(start);
          reader!.end();
        }),
    };
  }
  let partial = '';
  let line = 0;
  const split = (text: string): void => {
    let start = 0;
    for (;;) {
      const end = text.indexOf('\n', start);
      if (end < 0) break;
      line++;
      let content = text.slice(start, end > start && text.charCodeAt(end - 1) === 0x0d ? end - 1 : end);
      if (line === 1 && content.charCodeAt(0) === 0xfeff) content = content.slice(1);
      collector.addLine(content, line);
      start = end + 1;
    }
    partial = text.slice(start);
    if (partial.length > maxLine) {
      throw new InputError(file, `longer than ${maxLine} characters`, `line ${line + 1}`);
    }
  };
  return {
    write: (chunk) => {
      split(partial + decoder.write(chunk));
      return collector.take();
    },
    end: () => {
      split(partial + decoder.end() + '\n');
      return collector.take();
    },
  };
}

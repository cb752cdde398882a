import { InputError } from '../errors.js';
import type { Event } from '../model/event.js';
import { normaliseRecord, type NormaliseOptions } from './normalise.js';
import { pointerOf, visitRecords, type RecordVisitor } from './shapes.js';

/**
 * Normalises the records of one file into `events`; the first bad record throws an `InputError` that
 * names it (`Records[17]`, `line 3`, `line 3: Records[0]`).
 */
export class Collector {
  events: Event[] = [];
  /** The current line, in line mode; 0 otherwise. */
  line = 0;

  constructor(
    readonly file: string,
    private readonly record: NormaliseOptions = {},
  ) {}

  readonly visit: RecordVisitor = (raw, where, index) => {
    const event = normaliseRecord(raw, this.record);
    if ('problem' in event) throw new InputError(this.file, event.problem, this.pointer(where, index));
    this.events.push(event);
  };

  /** Hands over the events collected so far. */
  take(): Event[] {
    const events = this.events;
    this.events = [];
    return events;
  }

  /** One line of a JSON Lines text, without its line break. Blank lines are allowed. */
  addLine(text: string, line: number): void {
    if (text.length === 0 || (text.charCodeAt(0) <= 0x20 && text.trim() === '')) return;
    this.line = line;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      throw new InputError(this.file, `invalid JSON (${(e as Error).message})`, `line ${line}`);
    }
    const problem = visitRecords(value, this.visit);
    if (problem !== undefined) throw new InputError(this.file, problem, `line ${line}`);
  }

  private pointer(where: string, index: number): string | undefined {
    const inner = pointerOf(where, index);
    if (this.line === 0) return inner;
    return inner === undefined ? `line ${this.line}` : `line ${this.line}: ${inner}`;
  }
}

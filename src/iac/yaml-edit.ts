/**
 * Minimal text edits on a YAML file: the parsed Document finds where things are, and only those
 * spans of the original text are rewritten, so every other line (comments, quoting, indentation,
 * blank lines) stays byte-for-byte as the author wrote it.
 */
import {
  Document,
  isMap,
  isScalar,
  isSeq,
  parseDocument,
  type Node,
  type Pair,
  type YAMLMap,
  type YAMLSeq,
} from 'yaml';
import { toYamlNode, type IacValue, type ValueStyle } from './values.js';
import { CFN_TAGS } from './yaml-tags.js';

interface Splice {
  start: number;
  end: number;
  text: string;
}

export function parseYaml(text: string): Document.Parsed {
  return parseDocument(text, { customTags: CFN_TAGS });
}

export function pairOf(map: unknown, key: string): Pair<Node, Node> | undefined {
  if (!isMap(map)) return undefined;
  return (map as YAMLMap<Node, Node>).items.find((p) => isScalar(p.key) && String(p.key.value) === key);
}

export function mapAt(node: unknown, ...keys: string[]): YAMLMap<Node, Node> | undefined {
  let current: unknown = node;
  for (const key of keys) current = pairOf(current, key)?.value;
  return isMap(current) ? (current as YAMLMap<Node, Node>) : undefined;
}

/** The node at a path of map keys and sequence indexes. */
export function nodeAt(node: unknown, path: readonly (string | number)[]): unknown {
  let current: unknown = node;
  for (const step of path) {
    if (typeof step === 'number') current = isSeq(current) ? current.items[step] : undefined;
    else current = pairOf(current, step)?.value;
  }
  return current;
}

/** The string value of a plain (untagged) scalar, else undefined. */
export function plainString(node: unknown): string | undefined {
  return isScalar(node) && node.tag === undefined && typeof node.value === 'string' ? node.value : undefined;
}

export class YamlEditor {
  private readonly splices: Splice[] = [];
  constructor(
    readonly text: string,
    readonly doc: Document.Parsed,
    private readonly style: ValueStyle,
  ) {}

  private lineStart(offset: number): number {
    return this.text.lastIndexOf('\n', offset - 1) + 1;
  }
  private column(offset: number): number {
    return offset - this.lineStart(offset);
  }
  /** Offset of the newline ending the node's last non-blank line (or the end of the text). */
  private lineEndOf(node: Node): number {
    let last = (node.range?.[1] ?? 0) - 1;
    while (last > 0 && /\s/.test(this.text[last] ?? '')) last -= 1;
    const newline = this.text.indexOf('\n', last);
    return newline === -1 ? this.text.length : newline;
  }

  /** The start of the comment lines directly above a line: they describe it and go with it. */
  private commentsAbove(lineStart: number): number {
    let start = lineStart;
    while (start > 0) {
      const previous = this.lineStart(start - 1);
      if (!/^\s*#/.test(this.text.slice(previous, start - 1))) break;
      start = previous;
    }
    return start;
  }

  /** `value` as block lines at `indent`, no trailing newline. */
  private render(value: IacValue | Record<string, IacValue>, indent: number): string {
    // YAML 1.1, as CloudFormation reads it: `'2012-10-17'`, `'yes'` stay quoted strings.
    const doc = new Document(undefined, { customTags: CFN_TAGS, version: '1.1' });
    doc.contents = toYamlNode(doc, value, this.style) as never;
    const pad = ' '.repeat(indent);
    return doc
      .toString({ lineWidth: 0 })
      .replace(/\n$/, '')
      .split('\n')
      .map((line) => (line === '' ? line : pad + line))
      .join('\n');
  }

  replaceValue(pair: Pair<Node, Node>, value: IacValue): void {
    const node = pair.value;
    const key = pair.key;
    if (!node?.range || !key.range) return;
    const start = node.range[0];
    const end = this.lineEndOf(node);
    const onKeyLine = this.lineStart(start) === this.lineStart(key.range[0]);
    const block = typeof value !== 'string' && !isScalar(toYamlNode(this.doc, value, this.style));
    if (!onKeyLine) {
      this.splices.push({ start: this.lineStart(start), end, text: this.render(value, this.column(start)) });
    } else if (block) {
      const indent = this.column(key.range[0]) + 2;
      this.splices.push({ start: key.range[1] + 1, end, text: '\n' + this.render(value, indent) });
    } else {
      this.splices.push({ start, end, text: this.render(value, 0) });
    }
  }

  removePair(pair: Pair<Node, Node>): void {
    if (!pair.key.range || !pair.value) return;
    let start = this.commentsAbove(this.lineStart(pair.key.range[0]));
    let end = Math.min(this.lineEndOf(pair.value) + 1, this.text.length);
    // Between two blank lines, one of them goes too: the sections keep their single blank line.
    if ((start === 0 || this.text.slice(start - 2, start) === '\n\n') && this.text[end] === '\n') end += 1;
    // The last thing in the file takes its blank line with it: no blank line is left at the end.
    else if (end >= this.text.length && this.text.slice(start - 2, start) === '\n\n') start -= 1;
    this.splices.push({ start, end, text: '' });
  }

  /** Adds `key: value` to `map`, before the pair keyed `before` when there is one, else at its end. */
  insertPair(map: YAMLMap<Node, Node>, key: string, value: IacValue, before?: Pair<Node, Node>): void {
    const first = map.items[0];
    const last = map.items.at(-1);
    if (!first?.key.range || !last?.value) return;
    const indent = this.column(first.key.range[0]);
    const text = this.render({ [key]: value }, indent) + '\n';
    if (before?.key.range)
      this.splices.push({
        start: this.lineStart(before.key.range[0]),
        end: this.lineStart(before.key.range[0]),
        text,
      });
    else {
      const at = Math.min(this.lineEndOf(last.value) + 1, this.text.length);
      this.splices.push({ start: at, end: at, text });
    }
  }

  /** Adds a plain scalar item after the last item of a block sequence. */
  appendItem(seq: YAMLSeq<Node>, item: string): void {
    const last = seq.items.at(-1);
    const first = seq.items[0];
    if (!last?.range || !first?.range) return;
    const dash = this.text.lastIndexOf('-', first.range[0]);
    const at = Math.min(this.lineEndOf(last) + 1, this.text.length);
    this.splices.push({ start: at, end: at, text: `${' '.repeat(this.column(dash))}- ${item}\n` });
  }

  /** The edited text; splices never overlap (each edit touches its own pair). */
  result(): string {
    let out = this.text;
    for (const s of [...this.splices].sort((a, b) => b.start - a.start || b.end - a.end)) {
      out = out.slice(0, s.start) + s.text + out.slice(s.end);
    }
    return out;
  }
}

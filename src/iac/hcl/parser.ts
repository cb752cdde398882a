/**
 * HCL2 native syntax: a body is attributes (`name = expr`) and blocks (`type "label" { … }`), one per
 * line. `parseHcl` never throws: a syntax error is a value with its line and column.
 */
import type { Attribute, Block, Body, HclResult } from './ast.js';
import { ExpressionParser } from './expression.js';
import { HclSyntaxError, lex } from './lexer.js';

class BodyParser extends ExpressionParser {
  body(closing: boolean): Body {
    const items: (Attribute | Block)[] = [];
    const start = this.peek().start;
    for (;;) {
      this.skipNewlines();
      const t = this.peek();
      if (t.type === 'eof' || (closing && this.is('}'))) {
        if (closing && t.type === 'eof') this.fail('expected "}" to close the block', t);
        return { items, start, end: t.start };
      }
      if (t.type !== 'ident') this.fail('expected an attribute or block', t);
      items.push(this.is('=', 1) ? this.attribute() : this.block());
      const after = this.peek();
      if (after.type !== 'newline' && after.type !== 'eof' && !(closing && this.is('}')))
        this.fail('expected a newline after the item', after);
    }
  }

  private attribute(): Attribute {
    const name = this.next();
    this.next(); // `=`
    const expression = this.expression();
    return { kind: 'attribute', name: name.value, expression, start: name.start, end: expression.end };
  }

  private block(): Block {
    const type = this.next();
    const labels: string[] = [];
    while (!this.is('{')) {
      const t = this.peek();
      if (t.type === 'ident') labels.push(this.next().value);
      else if (t.type === 'oquote') {
        const label = this.expression();
        if (label.kind !== 'template' || label.parts.some((p) => p.kind !== 'text'))
          this.fail('a block label is a plain string', t);
        labels.push(label.parts.map((p) => (p.kind === 'text' ? p.value : '')).join(''));
      } else this.fail(`expected a block label or "{" after ${type.value}`, t);
    }
    this.next();
    const body = this.body(true);
    const close = this.expect('}');
    return { kind: 'block', type: type.value, labels, body, start: type.start, end: close.end };
  }
}

export function parseHcl(source: string): HclResult {
  try {
    const { tokens, comments } = lex(source);
    const body = new BodyParser(tokens).body(false);
    return { ok: true, file: { body, comments } };
  } catch (error) {
    if (!(error instanceof HclSyntaxError)) throw error;
    const before = source.slice(0, error.offset);
    const line = before.split('\n').length;
    const column = error.offset - before.lastIndexOf('\n');
    return { ok: false, error: { message: error.message, offset: error.offset, line, column } };
  }
}

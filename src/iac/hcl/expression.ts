/**
 * HCL2 expressions by recursive descent, lowest precedence first: conditional, `||`, `&&`, equality,
 * comparison, `+ -`, `* / %`, unary, then postfix traversals and splats on a primary term.
 * Newlines end an attribute, except inside brackets, parentheses, interpolations and for-expressions.
 */
import type { Expression, ObjectItem, TemplatePart, TraversalStep } from './ast.js';
import { TokenCursor } from './cursor.js';
import type { Token } from './lexer.js';

const BINARY: readonly (readonly string[])[] = [
  ['||'],
  ['&&'],
  ['==', '!='],
  ['<', '>', '<=', '>='],
  ['+', '-'],
  ['*', '/', '%'],
];

export class ExpressionParser extends TokenCursor {
  expression(): Expression {
    const condition = this.binary(0);
    if (!this.is('?')) return condition;
    this.next();
    const then = this.expression();
    this.expect(':');
    const otherwise = this.expression();
    return { kind: 'conditional', condition, then, otherwise, start: condition.start, end: otherwise.end };
  }

  private binary(level: number): Expression {
    const operators = BINARY[level];
    if (!operators) return this.unary();
    let left = this.binary(level + 1);
    while (this.peek().type === 'punct' && operators.includes(this.peek().value)) {
      const operator = this.next().value;
      const right = this.binary(level + 1);
      left = { kind: 'binary', operator, left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private unary(): Expression {
    if (this.is('!') || this.is('-')) {
      const op = this.next();
      const operand = this.unary();
      return { kind: 'unary', operator: op.value, operand, start: op.start, end: operand.end };
    }
    return this.postfix(this.primary());
  }

  private postfix(target: Expression): Expression {
    const steps: TraversalStep[] = [];
    for (;;) {
      const t = this.peek();
      if (this.is('.')) {
        this.next();
        const name = this.next();
        if (name.type === 'punct' && name.value === '*')
          steps.push({ kind: 'splat', full: false, ...span(t, name) });
        else if (name.type === 'ident' || name.type === 'number')
          steps.push({ kind: 'attr', name: name.value, ...span(t, name) });
        else this.fail('expected an attribute name after "."', name);
      } else if (this.is('[')) {
        this.next();
        if (this.is('*') && this.is(']', 1)) {
          this.next();
          steps.push({ kind: 'splat', full: true, ...span(t, this.next()) });
          continue;
        }
        const key = this.within(true, () => this.expression());
        steps.push({ kind: 'index', key, ...span(t, this.expect(']')) });
      } else break;
    }
    const last = steps[steps.length - 1];
    return last ? { kind: 'traversal', target, steps, start: target.start, end: last.end } : target;
  }

  private primary(): Expression {
    const t = this.peek();
    if (t.type === 'number') {
      this.next();
      return { kind: 'literal', value: Number(t.value), start: t.start, end: t.end };
    }
    if (t.type === 'oquote') return this.quoted();
    if (t.type === 'oheredoc') return this.heredoc();
    if (t.type === 'ident') {
      this.next();
      if (t.value === 'true' || t.value === 'false' || t.value === 'null')
        return { kind: 'literal', value: t.value === 'null' ? null : t.value === 'true', ...span(t, t) };
      let name = t.value;
      while (this.is('::') && this.peek(1).type === 'ident') name += `::${(this.next(), this.next()).value}`;
      if (this.is('(')) return this.call(name, t);
      return { kind: 'variable', name, start: t.start, end: t.end };
    }
    if (this.is('(')) {
      this.next();
      const inner = this.within(true, () => this.expression());
      return { kind: 'parens', inner, ...span(t, this.expect(')')) };
    }
    if (this.is('[')) return this.tuple();
    if (this.is('{')) return this.object();
    return this.fail('expected an expression', t);
  }

  private call(name: string, first: Token): Expression {
    this.expect('(');
    return this.within(true, () => {
      const args: Expression[] = [];
      let expandFinal = false;
      while (!this.is(')')) {
        args.push(this.expression());
        if (this.is('...')) {
          this.next();
          expandFinal = true;
        }
        if (!this.is(')')) this.expect(',');
      }
      return { kind: 'call', name, args, expandFinal, ...span(first, this.next()) };
    });
  }

  private isFor(): boolean {
    return this.peek(1).type === 'ident' && this.peek(1).value === 'for' && this.peek(2).type === 'ident';
  }

  private tuple(): Expression {
    const open = this.peek();
    return this.within(true, () => {
      if (this.isFor()) return this.forExpression(false);
      this.next();
      const items: Expression[] = [];
      while (!this.is(']')) {
        items.push(this.expression());
        if (!this.is(']')) this.expect(',');
      }
      return { kind: 'tuple', items, ...span(open, this.next()) };
    });
  }

  private forExpression(object: boolean): Expression {
    const open = this.next();
    this.next(); // `for`
    const variables = [this.identifier()];
    if (this.is(',')) variables.push((this.next(), this.identifier()));
    const keyword = this.next();
    if (keyword.type !== 'ident' || keyword.value !== 'in') this.fail('expected "in"', keyword);
    const collection = this.expression();
    this.expect(':');
    const results = [this.expression()];
    if (object) results.push((this.expect('=>'), this.expression()));
    if (object && this.is('...')) this.next();
    if (this.peek().type === 'ident' && this.peek().value === 'if')
      results.push((this.next(), this.expression()));
    const close = this.expect(object ? '}' : ']');
    return { kind: 'for', object, variables, collection, results, ...span(open, close) };
  }

  private identifier(): string {
    const t = this.next();
    if (t.type !== 'ident') this.fail('expected an identifier', t);
    return t.value;
  }

  private object(): Expression {
    const open = this.peek();
    if (this.within(true, () => this.isFor())) return this.within(true, () => this.forExpression(true));
    this.next();
    return this.within(false, () => {
      const items: ObjectItem[] = [];
      this.skipNewlines();
      while (!this.is('}')) {
        const key = this.binary(0);
        if (!this.is('=') && !this.is(':')) this.fail('expected "=" or ":" after an object key', this.peek());
        this.next();
        const value = this.within(true, () => this.expression());
        items.push({ key, value, start: key.start, end: value.end });
        if (this.is(',')) this.next();
        else if (!this.is('}') && this.peek().type !== 'newline')
          this.fail('expected a newline or "," between object items', this.peek());
        this.skipNewlines();
      }
      return { kind: 'object', items, ...span(open, this.next()) };
    });
  }

  private quoted(): Expression {
    const open = this.next();
    const parts = this.templateParts('cquote');
    return { kind: 'template', parts, ...span(open, this.next()) };
  }

  private heredoc(): Expression {
    const open = this.next();
    const bodyStart = open.end;
    const parts = this.templateParts('cheredoc');
    const close = this.next();
    const body = { start: bodyStart, end: close.start };
    return {
      kind: 'heredoc',
      marker: open.value,
      indented: open.indented === true,
      parts,
      body,
      ...span(open, close),
    };
  }

  private templateParts(until: 'cquote' | 'cheredoc'): TemplatePart[] {
    const parts: TemplatePart[] = [];
    for (;;) {
      const t = this.tokens[this.pos] ?? this.fail('unterminated template', this.peek());
      if (t.type === until) return parts;
      this.pos++;
      if (t.type === 'lit') parts.push({ kind: 'text', value: t.value, start: t.start, end: t.end });
      else if (t.type === 'directive') parts.push({ kind: 'directive', start: t.start, end: t.end });
      else if (t.type === 'interp') {
        const expression = this.within(true, () => this.expression());
        this.skipNewlines();
        const end = this.tokens[this.pos];
        if (end?.type !== 'tend') this.fail('expected "}" to close the interpolation', end ?? t);
        this.pos++;
        parts.push({ kind: 'interpolation', expression, start: t.start, end: end.end });
      } else this.fail('unexpected token in template', t);
    }
  }
}

function span(first: Token, last: Token): { start: number; end: number } {
  return { start: first.start, end: last.end };
}

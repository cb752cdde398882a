/**
 * A cursor over HCL tokens. Newline tokens matter in bodies and objects (they end items) and are
 * skipped inside brackets, parentheses and interpolations: `within` switches between the two.
 */
import { HclSyntaxError, type Token } from './lexer.js';

export class TokenCursor {
  protected pos = 0;
  /** Above zero, newlines are insignificant (inside brackets). */
  protected newlinesIgnored = 0;

  constructor(protected readonly tokens: readonly Token[]) {}

  protected peek(offset = 0): Token {
    let i = this.pos;
    for (let seen = 0; ; i++) {
      const t = this.tokens[i];
      if (!t) return this.tokens[this.tokens.length - 1] as Token;
      if (t.type === 'newline' && this.newlinesIgnored > 0) continue;
      if (seen++ === offset) return t;
    }
  }

  protected next(): Token {
    const t = this.peek();
    this.pos = this.tokens.indexOf(t, this.pos) + 1;
    return t;
  }

  protected is(value: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.type === 'punct' && t.value === value;
  }

  protected expect(value: string): Token {
    const t = this.peek();
    if (t.type !== 'punct' || t.value !== value) this.fail(`expected ${JSON.stringify(value)}`, t);
    return this.next();
  }

  protected fail(message: string, token: Token): never {
    const found = token.type === 'eof' ? 'end of file' : token.type === 'newline' ? 'newline' : token.value;
    throw new HclSyntaxError(`${message}, found ${JSON.stringify(found)}`, token.start);
  }

  protected skipNewlines(): void {
    while (this.tokens[this.pos]?.type === 'newline') this.pos++;
  }

  /** Runs `f` with newlines significant or not, restoring the previous setting. */
  protected within<T>(ignore: boolean, f: () => T): T {
    const saved = this.newlinesIgnored;
    this.newlinesIgnored = ignore ? saved + 1 : 0;
    try {
      return f();
    } finally {
      this.newlinesIgnored = saved;
    }
  }
}

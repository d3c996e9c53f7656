import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import type { LabelRequirement, LabelSelector } from './label-selector.js';
import { labelKeyProblem, labelValueProblem } from './label-syntax.js';

/** Options of {@link parseLabelSelector}. */
export interface ParseLabelSelectorOptions {
  /**
   * Field path named in the error's violation, so a caller can point at the flag or field the
   * selector came from (e.g. `-l`, `spec.placement.selector`).
   * @defaultValue `'labelSelector'`
   */
  path?: string;
}

/**
 * Parses a Kubernetes-style label selector string:
 *
 * ```text
 * selector    := '' | requirement (',' requirement)*
 * requirement := '!' key                      DoesNotExist
 *              | key                          Exists
 *              | key ('=' | '==') value?      Equals      (`k=` means the empty value)
 *              | key '!=' value?              NotEquals
 *              | key 'in' '(' values ')'      In
 *              | key 'notin' '(' values ')'   NotIn
 * values      := value (',' value)*           at least one, duplicates collapsed
 * ```
 *
 * Whitespace around tokens is ignored. Keys and values follow Kubernetes label syntax
 * (see {@link labelKeyProblem}). A blank string is the selector that matches everything.
 *
 * @throws InvalidArgumentError with one violation whose message names the 1-based column and
 * the offending term, e.g. `column 8: expected "(" after "in", found "web"`.
 */
export function parseLabelSelector(input: string, options: ParseLabelSelectorOptions = {}): LabelSelector {
  const path = options.path ?? 'labelSelector';
  try {
    return new Parser(lex(input)).parse();
  } catch (err) {
    if (err instanceof SyntaxProblem) {
      throw new InvalidArgumentError(`invalid label selector "${input}"`, [
        { path, message: `column ${err.offset + 1}: ${err.message}` },
      ]);
    }
    throw err;
  }
}

/** A parse failure at a 0-based offset; turned into an InvalidArgumentError at the boundary. */
class SyntaxProblem extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

type TokenType = 'identifier' | '=' | '==' | '!=' | '!' | '(' | ')' | ',' | '<' | '>' | 'end';

interface Token {
  type: TokenType;
  /** The identifier's text (for other tokens, the symbol). */
  text: string;
  offset: number;
}

const SYMBOLS = new Set(['=', '!', '(', ')', ',', '<', '>']);

function lex(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i] ?? '';
    if (/\s/.test(c)) {
      i++;
    } else if (c === '=' || c === '!') {
      const two = input[i + 1] === '=';
      const type: TokenType = c === '=' ? (two ? '==' : '=') : two ? '!=' : '!';
      tokens.push({ type, text: type, offset: i });
      i += two ? 2 : 1;
    } else if (SYMBOLS.has(c)) {
      tokens.push({ type: c as TokenType, text: c, offset: i });
      i++;
    } else {
      const start = i;
      while (i < input.length && !SYMBOLS.has(input[i] ?? '') && !/\s/.test(input[i] ?? '')) i++;
      tokens.push({ type: 'identifier', text: input.slice(start, i), offset: start });
    }
  }
  tokens.push({ type: 'end', text: '', offset: input.length });
  return tokens;
}

function describeToken(token: Token): string {
  return token.type === 'end' ? 'end of selector' : `"${token.text}"`;
}

class Parser {
  private pos = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  parse(): LabelSelector {
    const requirements: LabelRequirement[] = [];
    if (this.peek().type === 'end') return { requirements };
    for (;;) {
      requirements.push(this.requirement());
      const next = this.take();
      if (next.type === 'end') return { requirements };
      if (next.type !== ',') {
        throw new SyntaxProblem(next.offset, `expected "," or end of selector, found ${describeToken(next)}`);
      }
    }
  }

  private requirement(): LabelRequirement {
    const first = this.take();
    if (first.type === '!') {
      const key = this.key(this.take(), 'after "!"');
      return { key, operator: 'DoesNotExist' };
    }
    const key = this.key(first, 'at the start of a requirement');
    const op = this.peek();
    switch (op.type) {
      case ',':
      case 'end':
        return { key, operator: 'Exists' };
      case '=':
      case '==':
        this.take();
        return { key, operator: 'Equals', value: this.optionalValue() };
      case '!=':
        this.take();
        return { key, operator: 'NotEquals', value: this.optionalValue() };
      case '<':
      case '>':
        throw new SyntaxProblem(op.offset, `operator "${op.text}" is not supported in label selectors; use =, ==, !=, in, notin, "key" or "!key"`);
      case 'identifier':
        if (op.text === 'in' || op.text === 'notin') {
          this.take();
          return { key, operator: op.text === 'in' ? 'In' : 'NotIn', values: this.valueSet(op.text) };
        }
        break;
      default:
        break;
    }
    throw new SyntaxProblem(op.offset, `expected an operator (=, ==, !=, in, notin), "," or end after key "${key}", found ${describeToken(op)}`);
  }

  /** `k=` (followed by "," or the end) is the empty value, as in Kubernetes. */
  private optionalValue(): string {
    const next = this.peek();
    if (next.type === ',' || next.type === 'end') return '';
    return this.value(this.take());
  }

  private valueSet(operator: string): string[] {
    const open = this.take();
    if (open.type !== '(') throw new SyntaxProblem(open.offset, `expected "(" after "${operator}", found ${describeToken(open)}`);
    const values: string[] = [];
    for (;;) {
      const token = this.take();
      if (token.type === ')' && values.length === 0) {
        throw new SyntaxProblem(token.offset, `"${operator}" needs at least one value between the parentheses`);
      }
      const value = this.value(token);
      if (!values.includes(value)) values.push(value);
      const sep = this.take();
      if (sep.type === ')') return values;
      if (sep.type !== ',') throw new SyntaxProblem(sep.offset, `expected "," or ")" in the value list, found ${describeToken(sep)}`);
    }
  }

  private key(token: Token, where: string): string {
    if (token.type !== 'identifier') throw new SyntaxProblem(token.offset, `expected a label key ${where}, found ${describeToken(token)}`);
    const problem = labelKeyProblem(token.text);
    if (problem) throw new SyntaxProblem(token.offset, problem);
    return token.text;
  }

  private value(token: Token): string {
    if (token.type !== 'identifier') throw new SyntaxProblem(token.offset, `expected a label value, found ${describeToken(token)}`);
    const problem = labelValueProblem(token.text);
    if (problem) throw new SyntaxProblem(token.offset, problem);
    return token.text;
  }

  private peek(): Token {
    return this.tokens[this.pos] ?? this.tokens[this.tokens.length - 1]!;
  }

  private take(): Token {
    const token = this.peek();
    if (this.pos < this.tokens.length - 1) this.pos++;
    return token;
  }
}

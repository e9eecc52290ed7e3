/**
 * Parses a command response such as "Hi $(touser), you have $(points $(1|)) $(currency)" into
 * nodes, checking every variable's name and argument count so the editor can point at a mistake
 * (offsets are string indices, like a textarea's selectionStart) before it ever reaches chat.
 *
 * Syntax: `$(name arg arg…)`; arguments are separated by spaces and may hold nested variables;
 * `$(name args|fallback)` shows the fallback when the value is empty; `$$` is a literal `$`, and
 * inside a variable `$)` is a literal `)`. The first unescaped `)` closes a variable, so text
 * outside variables may hold any parentheses (":)").
 */
import { isTimeZone, parseRange, pickOptions, shorten } from './pure';
import { knownVariableList, variableSpec } from './variables';

export type TextNode = { type: 'text'; value: string };
export type VariableNode = {
  type: 'variable';
  /** Lower-case name as listed in templateVariables. */
  name: string;
  /** One entry per space-separated word; a word mixes text and nested variables. */
  args: TemplateNode[][];
  /** Shown when the value renders empty; null when the variable has no `|`. */
  fallback: TemplateNode[] | null;
  start: number;
  end: number;
};
export type TemplateNode = TextNode | VariableNode;
export type Template = { source: string; nodes: TemplateNode[] };
export type TemplateError = { message: string; start: number; end: number };
export type ParseResult = { ok: true; template: Template } | { ok: false; error: TemplateError };

/** Caps that keep a hostile or broken template cheap to parse and render. */
export const templateLimits = { length: 2_000, variables: 50, depth: 5 } as const;

class ParseFailure extends Error {
  constructor(readonly error: TemplateError) {
    super(error.message);
  }
}

const whitespace = /\s/;
const nameEnd = /[\s)|($]/;

export function parseTemplate(source: string): ParseResult {
  if (source.length > templateLimits.length) {
    return {
      ok: false,
      error: {
        message: `The response is ${source.length} characters long; shorten it to ${templateLimits.length}.`,
        start: templateLimits.length,
        end: source.length,
      },
    };
  }
  try {
    return { ok: true, template: { source, nodes: new Parser(source).parse() } };
  } catch (failure) {
    if (failure instanceof ParseFailure) return { ok: false, error: failure.error };
    throw failure;
  }
}

class Parser {
  private pos = 0;
  private variables = 0;

  constructor(private readonly source: string) {}

  parse(): TemplateNode[] {
    const nodes: TemplateNode[] = [];
    const { source } = this;
    while (this.pos < source.length) {
      const ch = source[this.pos];
      const next = source[this.pos + 1];
      if (ch === '$' && next === '$') {
        appendText(nodes, '$');
        this.pos += 2;
      } else if (ch === '$' && next === '(') {
        nodes.push(this.variable(1));
      } else {
        appendText(nodes, ch!);
        this.pos += 1;
      }
    }
    return nodes;
  }

  /** Reads `$(…)` starting at this.pos. */
  private variable(depth: number): VariableNode {
    const { source } = this;
    const start = this.pos;
    this.variables += 1;
    if (this.variables > templateLimits.variables) {
      this.fail(
        `Too many variables; a response may use at most ${templateLimits.variables}.`,
        start,
        start + 2,
      );
    }
    if (depth > templateLimits.depth) {
      this.fail(
        `Variables are nested too deeply; at most ${templateLimits.depth} levels of $( inside $( are allowed.`,
        start,
        start + 2,
      );
    }
    this.pos += 2;
    const nameStart = this.pos;
    while (this.pos < source.length && !nameEnd.test(source[this.pos]!)) this.pos += 1;
    const written = source.slice(nameStart, this.pos);
    if (written === '') {
      if (this.pos >= source.length) this.unclosed(start);
      this.fail('Write a variable name right after $(, for example $(user).', start, this.pos + 1);
    }
    const name = written.toLowerCase();
    const spec = variableSpec(name);
    if (!spec) {
      const end = source[this.pos] === ')' ? this.pos + 1 : this.pos;
      this.fail(`Unknown variable $(${shorten(written, 30)}). Known: ${knownVariableList}.`, start, end);
    }
    if (this.pos < source.length && !whitespace.test(source[this.pos]!) && !/[)|]/.test(source[this.pos]!)) {
      this.fail(`Put a space between $(${written} and what follows it.`, start, this.pos + 1);
    }

    const args: TemplateNode[][] = [];
    let word: TemplateNode[] = [];
    let fallback: TemplateNode[] | null = null;
    const endWord = () => {
      if (word.length > 0) args.push(word);
      word = [];
    };
    for (;;) {
      if (this.pos >= source.length) this.unclosed(start, written);
      const ch = source[this.pos]!;
      if (ch === ')') {
        this.pos += 1;
        endWord();
        break;
      }
      if (ch === '|') {
        this.pos += 1;
        endWord();
        fallback = this.fallback(start, written, depth);
        break;
      }
      if (whitespace.test(ch)) {
        endWord();
        this.pos += 1;
      } else {
        this.inner(word, depth);
      }
    }

    const node: VariableNode = { type: 'variable', name, args, fallback, start, end: this.pos };
    this.checkArguments(node, spec.minArgs, spec.maxArgs, spec.usage);
    return node;
  }

  /** Text after `|` up to the variable's `)`: spaces and further `|` are part of it. */
  private fallback(start: number, written: string, depth: number): TemplateNode[] {
    const nodes: TemplateNode[] = [];
    for (;;) {
      if (this.pos >= this.source.length) this.unclosed(start, written);
      if (this.source[this.pos] === ')') {
        this.pos += 1;
        return nodes;
      }
      this.inner(nodes, depth);
    }
  }

  /** One step inside a variable: an escape, a nested variable or a character. */
  private inner(nodes: TemplateNode[], depth: number): void {
    const ch = this.source[this.pos]!;
    const next = this.source[this.pos + 1];
    if (ch === '$' && (next === '$' || next === ')')) {
      appendText(nodes, next);
      this.pos += 2;
    } else if (ch === '$' && next === '(') {
      nodes.push(this.variable(depth + 1));
    } else {
      appendText(nodes, ch);
      this.pos += 1;
    }
  }

  private checkArguments(node: VariableNode, min: number, max: number, usage: string): void {
    const count = node.args.length;
    const label = `$(${node.name})`;
    if (count < min || count > max) {
      const takes =
        max === 0
          ? 'takes no arguments'
          : min === max
            ? `takes ${min} argument${min === 1 ? '' : 's'}`
            : max === Number.POSITIVE_INFINITY
              ? `takes at least ${min} argument${min === 1 ? '' : 's'}`
              : `takes ${min} to ${max} arguments`;
      this.fail(`${label} ${takes}, got ${count}. Write it as ${usage}.`, node.start, node.end);
    }
    // Arguments written as plain text can be checked now; computed ones are checked when rendered.
    const literal = node.args.map((word) =>
      word.length === 1 && word[0]!.type === 'text' ? word[0]!.value : null,
    );
    const first = literal[0];
    if (node.name === 'random' && typeof first === 'string') {
      const range = parseRange(first);
      if (typeof range === 'string') this.fail(`${label} ${range}.`, node.start, node.end);
    }
    if (node.name === 'time' && typeof first === 'string' && !isTimeZone(first)) {
      this.fail(
        `Unknown time zone "${shorten(first, 40)}". Use an IANA name such as Europe/Berlin or America/New_York.`,
        node.start,
        node.end,
      );
    }
    if (node.name === 'urlfetch' && typeof first === 'string' && !/^https?:\/\/[^/\s]/i.test(first)) {
      this.fail(`${label} needs an address starting with https:// or http://.`, node.start, node.end);
    }
    if (node.name === 'pick' && literal.every((word) => word !== null)) {
      if (pickOptions(literal as string[]).length === 0) {
        this.fail(
          `${label} needs choices separated by commas, like $(pick heads, tails).`,
          node.start,
          node.end,
        );
      }
    }
  }

  private unclosed(start: number, written?: string): never {
    const what = written ? `$(${shorten(written, 30)}` : '$(';
    return this.fail(`${what} is never closed; add a ) where the variable ends.`, start, start + 2);
  }

  private fail(message: string, start: number, end: number): never {
    throw new ParseFailure({ message, start, end: Math.min(end, this.source.length) });
  }
}

function appendText(nodes: TemplateNode[], text: string): void {
  const last = nodes.at(-1);
  if (last?.type === 'text') last.value += text;
  else nodes.push({ type: 'text', value: text });
}

/**
 * Renders a parsed template for one command use. Nested variables render first (inner first, left
 * to right, so counters change in reading order); what a variable or a viewer supplies is inserted
 * as plain text and never parsed again, so a viewer typing "$(urlfetch …)" gets those characters
 * back. A failing lookup becomes a short "[name: reason]" instead of an error in chat.
 */
import type { Template, TemplateNode, VariableNode } from './parse';
import { formatTime, parseRange, pickOptions, randomInRange, shorten } from './pure';
import { variableSpec } from './variables';

export type VariableContext = {
  user: string;
  args: string[];
  timezone: string;
  now: Date;
  /** Variables the renderer cannot answer itself: count, getcount, uptime, followage, game, title, points, rank,
   *  currency, urlfetch, command. Returns the text to insert. */
  lookup(name: string, args: string[]): Promise<string>;
};

export type RenderOptions = {
  /** The reply is cut to this many characters, ending in "…" (default 500, the chat limit). */
  maxLength?: number;
  /** Source of randomness for $(random) and $(pick); tests pass a fixed one. */
  random?: () => number;
};

const defaults = { maxLength: 500, random: Math.random } satisfies Required<RenderOptions>;

/** A single value (a fetched page, a huge argument) is cut before it is used anywhere. */
const valueLimit = 2_000;
const reasonLimit = 60;
const lineBreak = /[\r\n\u2028\u2029]+/;

export async function renderTemplate(
  template: Template,
  ctx: VariableContext,
  options: RenderOptions = {},
): Promise<string> {
  const opts = { ...defaults, ...options } satisfies Required<RenderOptions>;
  const text = await renderNodes(template.nodes, ctx, opts);
  return shorten(oneLine(text).trim(), opts.maxLength);
}

async function renderNodes(
  nodes: TemplateNode[],
  ctx: VariableContext,
  opts: Required<RenderOptions>,
): Promise<string> {
  let out = '';
  for (const node of nodes) {
    out += node.type === 'text' ? node.value : await renderVariable(node, ctx, opts);
  }
  return out;
}

async function renderVariable(
  node: VariableNode,
  ctx: VariableContext,
  opts: Required<RenderOptions>,
): Promise<string> {
  const args: string[] = [];
  for (const word of node.args) {
    const value = await renderNodes(word, ctx, opts);
    // A word that renders empty ($(1) without a first word) is left out, as if never written.
    if (value !== '') args.push(shorten(value, valueLimit));
  }
  const pure = variableSpec(node.name)?.pure ?? false;
  const raw = pure ? answer(node.name, args, ctx, opts.random) : await lookup(node.name, args, ctx);
  const value = oneLine(shorten(raw, valueLimit));
  if (value.trim() === '' && node.fallback) {
    return shorten(await renderNodes(node.fallback, ctx, opts), valueLimit);
  }
  return value;
}

function answer(name: string, args: string[], ctx: VariableContext, random: () => number): string {
  switch (name) {
    case 'user':
      return ctx.user;
    case 'touser':
      return ctx.args[0]?.replace(/^@+/, '') || ctx.user;
    case 'args':
      return ctx.args.join(' ');
    case 'random': {
      const range = parseRange(args[0] ?? '');
      return typeof range === 'string' ? placeholder(name, range) : String(randomInRange(range, random));
    }
    case 'pick': {
      const options = pickOptions(args);
      return options[Math.floor(random() * options.length)] ?? '';
    }
    case 'time':
      return formatTime(ctx.now, args[0] ?? ctx.timezone);
    default:
      // Positional $(1)…$(9): the only other pure variables.
      return ctx.args[Number(name) - 1] ?? '';
  }
}

async function lookup(name: string, args: string[], ctx: VariableContext): Promise<string> {
  try {
    const value: unknown = await ctx.lookup(name, args);
    return typeof value === 'string' ? value : value == null ? '' : String(value);
  } catch (error) {
    return placeholder(name, reason(error));
  }
}

function reason(error: unknown): string {
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : '';
  // Only the first line: a message may carry a stack or a response body after it.
  const first = message.split(/\r?\n/, 1)[0]?.trim() ?? '';
  return first === '' ? 'failed' : shorten(first, reasonLimit);
}

function placeholder(name: string, why: string): string {
  return `[${name}: ${why}]`;
}

/** Chat messages are one line; line breaks from a fetched page or a template become one space. */
function oneLine(text: string): string {
  if (!lineBreak.test(text)) return text;
  // Split rather than one regex with \s* around the break: linear even for huge runs of spaces.
  const lines = text.split(lineBreak).map((line) => line.trim());
  const inner = lines.filter((line) => line !== '').join(' ');
  const before = /^\s/.test(text) ? ' ' : '';
  const after = /\s$/.test(text) ? ' ' : '';
  return inner === '' ? before || after : `${before}${inner}${after}`;
}

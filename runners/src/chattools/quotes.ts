/**
 * `!quote`: a random quote, `!quote 12` one by number, `!quote add text - author` and
 * `!quote del 12` for mods. Numbers count up per tenant; two mods adding at once both get one
 * (the unique index decides, the loser takes the next number).
 */
import type { BotDeps, BotEvent, BuiltinCommand } from '../bot/types';

type QuoteRow = {
  number: number;
  text: string;
  author: string | null;
  game: string | null;
  day: string;
};

const maxQuoteLength = 400;
const addAttempts = 5;

export function formatQuote(quote: QuoteRow): string {
  const by = quote.author ? ` — ${quote.author}` : '';
  const context = quote.game ? `${quote.game}, ${quote.day}` : quote.day;
  return `#${quote.number}: "${quote.text}"${by} (${context})`;
}

/** `text - author` → both; a dash inside the text without spaces around it stays text. */
export function splitAuthor(raw: string): { text: string; author: string | null } {
  const at = raw.lastIndexOf(' - ');
  if (at <= 0) return { text: raw.trim(), author: null };
  const author = raw
    .slice(at + 3)
    .trim()
    .replace(/^@/, '');
  return author
    ? { text: raw.slice(0, at).trim(), author: author.slice(0, 60) }
    : { text: raw.trim(), author: null };
}

const isUniqueViolation = (error: unknown) => (error as { code?: string })?.code === '23505';

export function quoteCommand(deps: BotDeps): BuiltinCommand {
  const { sql } = deps.pool;

  async function show(ctx: BotEvent, number?: number) {
    const rows =
      number === undefined
        ? await sql<
            QuoteRow[]
          >`select number, text, author, game, to_char(created_at, 'YYYY-MM-DD') as day from bot_quotes
            where tenant_id = ${ctx.event.tenantId} order by random() limit 1`
        : await sql<
            QuoteRow[]
          >`select number, text, author, game, to_char(created_at, 'YYYY-MM-DD') as day from bot_quotes
            where tenant_id = ${ctx.event.tenantId} and number = ${number}`;
    const [quote] = rows;
    if (!quote)
      ctx.reply(number === undefined ? 'There are no quotes yet.' : `There is no quote #${number}.`);
    else ctx.reply(formatQuote(quote));
  }

  async function add(ctx: BotEvent, raw: string) {
    const { text, author } = splitAuthor(raw);
    if (!text) return ctx.reply('Usage: !quote add <text> [- author]', { as: 'reply' });
    if (text.length > maxQuoteLength)
      return ctx.reply(`Quotes hold at most ${maxQuoteLength} characters.`, { as: 'reply' });
    const game = deps.live(ctx.channel.channelId).game;
    for (let attempt = 1; ; attempt++) {
      try {
        const [row] = await sql<{ number: number }[]>`
          insert into bot_quotes (tenant_id, number, text, author, game, added_by)
          select ${ctx.event.tenantId}, coalesce(max(number), 0) + 1, ${text}, ${author}, ${game}, ${ctx.event.userName}
          from bot_quotes where tenant_id = ${ctx.event.tenantId}
          returning number`;
        return ctx.reply(`Added quote #${row!.number}.`);
      } catch (error) {
        if (!isUniqueViolation(error) || attempt >= addAttempts) throw error;
      }
    }
  }

  async function remove(ctx: BotEvent, number: number) {
    const deleted = await sql`delete from bot_quotes
      where tenant_id = ${ctx.event.tenantId} and number = ${number} returning id`;
    ctx.reply(deleted.length ? `Deleted quote #${number}.` : `There is no quote #${number}.`);
  }

  const quoteNumber = (raw: string | undefined) => {
    const value = Number(raw?.replace(/^#/, ''));
    return Number.isInteger(value) && value > 0 && value < 2 ** 31 ? value : null;
  };

  return {
    name: 'quote',
    aliases: ['quotes'],
    minLevel: 'everyone',
    description: 'A random quote, a quote by number; mods add and delete them.',
    enabled: (settings) => settings.builtins.quotes.enabled,
    async run(ctx, args) {
      const [first, ...rest] = args;
      const action = first?.toLowerCase();
      if (action === 'add' || action === 'del' || action === 'delete' || action === 'remove') {
        if (!(await ctx.allows(ctx.settings.builtins.modLevel))) return;
        if (action === 'add') return add(ctx, rest.join(' '));
        const number = quoteNumber(rest[0]);
        if (number === null) return ctx.reply('Usage: !quote del <number>', { as: 'reply' });
        return remove(ctx, number);
      }
      if (first === undefined) return show(ctx);
      const number = quoteNumber(first);
      if (number === null) return ctx.reply('Usage: !quote [number]', { as: 'reply' });
      return show(ctx, number);
    },
  };
}

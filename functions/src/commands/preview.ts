/**
 * The editor's live preview: a template rendered the way chat would see it, with lookups answered
 * from the tenant's data where that is cheap and harmless (a counter shows its next value but is
 * not incremented, URLs are not fetched) and sample values elsewhere. A parse error is an answer
 * here (200 with its position), not a failed request.
 */
import {
  botCommands,
  botCounters,
  botSettings,
  streamSessions,
  viewerIdentities,
  viewers,
} from '@homelab/db/schema';
import { readBotSettings } from '@homelab/db/stream/settings';
import { parseTemplate, renderTemplate, type VariableContext } from '@homelab/db/stream/template';
import { createRoute, z } from '@hono/zod-openapi';
import { desc, eq, gt, sql } from 'drizzle-orm';
import { createRouter, errors, jsonBody, jsonResponse } from '../lib/router';
import { inTenant, streamTenant } from '../stream/guard';
import { previewResultSchema, tags } from './shared';

const tenant = streamTenant();
const maxDepth = 3;

const previewInput = z
  .object({
    template: z.string().max(2_000, 'At most 2000 characters'),
    user: z.string().trim().min(1).max(40).optional().describe('The sample caller (default "viewer")'),
    args: z.string().max(500).optional().describe('The sample words after the command'),
  })
  .strict()
  .openapi('TemplatePreviewInput');

const preview = createRoute({
  method: 'post',
  path: '/commands/preview',
  tags,
  summary: 'Render a template with sample values, or say where it does not parse',
  middleware: [tenant] as const,
  request: { body: jsonBody(previewInput) },
  responses: {
    200: jsonResponse(previewResultSchema, 'The reply, or the parse error'),
    ...errors(400, 401, 403, 404),
  },
});

type Tx = Parameters<Parameters<typeof inTenant>[1]>[0];

/** A duration as chat reads it: "2h 14m", "45m", "3d 4h". */
function duration(ms: number) {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  const days = Math.floor(minutes / 1_440);
  const hours = Math.floor((minutes % 1_440) / 60);
  if (days > 0) return `${days}d ${hours}h`;
  if (hours > 0) return `${hours}h ${minutes % 60}m`;
  return `${minutes}m`;
}

/** Answers the lookups of one preview from the tenant's rows; every query runs in the caller's transaction. */
function previewLookups(tx: Tx, user: string, now: Date) {
  let settings: ReturnType<typeof readBotSettings> | undefined;
  const currency = async () => {
    if (!settings) {
      const [row] = await tx.select({ settings: botSettings.settings }).from(botSettings);
      settings = readBotSettings(row?.settings);
    }
    return settings.currency.name;
  };
  const latestSession = async () => {
    const [row] = await tx
      .select({
        startedAt: streamSessions.startedAt,
        endedAt: streamSessions.endedAt,
        title: streamSessions.title,
        game: streamSessions.game,
      })
      .from(streamSessions)
      .orderBy(desc(streamSessions.startedAt))
      .limit(1);
    return row;
  };
  const viewerNamed = async (name: string) => {
    const [row] = await tx
      .select({ balance: viewers.balance })
      .from(viewerIdentities)
      .innerJoin(viewers, eq(viewers.id, viewerIdentities.viewerId))
      .where(sql`lower(${viewerIdentities.userName}) = ${name.replace(/^@/, '').toLowerCase()}`)
      .limit(1);
    return row;
  };
  const counter = async (name: string) => {
    const [row] = await tx
      .select({ value: botCounters.value })
      .from(botCounters)
      .where(eq(botCounters.name, name.toLowerCase()));
    return row?.value ?? 0;
  };

  return async (
    name: string,
    args: string[],
    depth: number,
    render: (source: string, depth: number) => Promise<string>,
  ) => {
    switch (name) {
      case 'count':
        return String((await counter(args[0] ?? '')) + 1);
      case 'getcount':
        return String(await counter(args[0] ?? ''));
      case 'currency':
        return currency();
      case 'points': {
        const viewer = await viewerNamed(args[0] ?? user);
        return `${viewer?.balance ?? 0} ${await currency()}`;
      }
      case 'rank': {
        const viewer = await viewerNamed(args[0] ?? user);
        if (!viewer) return 'unranked';
        const [above] = await tx
          .select({ n: sql<number>`count(*)::int` })
          .from(viewers)
          .where(gt(viewers.balance, viewer.balance));
        return `#${(above?.n ?? 0) + 1}`;
      }
      case 'game':
        return (await latestSession())?.game ?? 'Just Chatting';
      case 'title':
        return (await latestSession())?.title ?? 'Sample stream title';
      case 'uptime': {
        const session = await latestSession();
        if (session && !session.endedAt) return duration(now.getTime() - session.startedAt.getTime());
        return '1h 23m';
      }
      case 'followage':
        return '4 months';
      case 'urlfetch':
        return '[urlfetch: not run in preview]';
      case 'command': {
        const target = (args[0] ?? '').replace(/^!/, '').toLowerCase();
        if (depth >= maxDepth) return `[command ${target}: nested too deep]`;
        const [row] = await tx
          .select({ response: botCommands.response })
          .from(botCommands)
          .where(sql`${botCommands.name} = ${target} or ${target} = any(${botCommands.aliases})`)
          .limit(1);
        if (!row) return `[command ${target}: no such command]`;
        return render(row.response, depth + 1);
      }
      default:
        return `[${name}]`;
    }
  };
}

export const previewRoutes = createRouter().openapi(preview, async (c) => {
  const body = c.req.valid('json');
  const parsed = parseTemplate(body.template);
  if (!parsed.ok) return c.json({ ok: false as const, error: parsed.error }, 200);
  const user = body.user ?? 'viewer';
  const args = (body.args ?? '').split(/\s+/).filter(Boolean);
  const now = new Date();
  const text = await inTenant(c, async (tx) => {
    const [row] = await tx.select({ settings: botSettings.settings }).from(botSettings);
    const timezone = readBotSettings(row?.settings).timezone;
    const lookup = previewLookups(tx, user, now);
    const render = async (source: string, depth: number): Promise<string> => {
      const nested = parseTemplate(source);
      if (!nested.ok) return `[does not parse: ${nested.error.message}]`;
      const ctx: VariableContext = {
        user,
        args,
        timezone,
        now,
        lookup: (name, lookupArgs) => lookup(name, lookupArgs, depth, render),
      };
      return renderTemplate(nested.template, ctx, { maxLength: 500 });
    };
    return render(parsed.template.source, 0);
  });
  return c.json({ ok: true as const, text }, 200);
});

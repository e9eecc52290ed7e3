/**
 * The viewer queue: `!join [note]`, `!leave`, `!queue` for everyone; `!queue open|close|pick [n]|
 * random [n]|clear` for mods. One queue per tenant across its platforms; opening and closing is
 * stored in the tenant's settings, so the studio and every runner agree.
 */
import type { BotDeps, BotEvent, BuiltinCommand } from '../bot/types';

const maxNoteLength = 100;
const maxPick = 10;

/** Sets settings.builtins.queue.open (creating the parents) and tells every runner. */
export async function setQueueOpen(sql: BotDeps['pool']['sql'], tenantId: string, open: boolean) {
  await sql.begin(async (tx) => {
    await tx`insert into bot_settings (tenant_id, settings)
      values (${tenantId}, ${JSON.stringify({ builtins: { queue: { open } } })}::jsonb)
      on conflict (tenant_id) do update set
        settings = jsonb_set(
          jsonb_set(
            jsonb_set(bot_settings.settings, '{builtins}', coalesce(bot_settings.settings -> 'builtins', '{}'::jsonb)),
            '{builtins,queue}', coalesce(bot_settings.settings #> '{builtins,queue}', '{}'::jsonb)),
          '{builtins,queue,open}', to_jsonb(${open}::boolean)),
        updated_at = now()`;
    await tx`select pg_notify('bot', ${JSON.stringify({ tenantId, kind: 'config' })})`;
  });
}

export function viewerQueueCommands(deps: BotDeps): BuiltinCommand[] {
  const { sql } = deps.pool;
  const enabled = (settings: BotEvent['settings']) => settings.builtins.queue.enabled;

  async function positionOf(tenantId: string, viewerId: string) {
    const [row] = await sql<{ position: string; queued: boolean; size: string }[]>`
      with mine as (select id from bot_viewer_queue
                    where tenant_id = ${tenantId} and viewer_id = ${viewerId} and picked_at is null)
      select (select count(*) from bot_viewer_queue q, mine
              where q.tenant_id = ${tenantId} and q.picked_at is null and q.id <= mine.id) as position,
             exists (select 1 from mine) as queued,
             (select count(*) from bot_viewer_queue where tenant_id = ${tenantId} and picked_at is null) as size`;
    return { position: row!.queued ? Number(row!.position) : null, size: Number(row!.size) };
  }

  async function join(ctx: BotEvent, args: string[]) {
    const queue = ctx.settings.builtins.queue;
    if (!queue.open) return ctx.reply('The queue is closed.', { as: 'reply' });
    const viewerId = await ctx.viewerId();
    if (!viewerId || !ctx.event.userName) return;
    const note = args.join(' ').slice(0, maxNoteLength) || null;
    const { tenantId } = ctx.event;
    // One statement: the size check and the insert cannot interleave with another !join's.
    const inserted = await sql`
      insert into bot_viewer_queue (tenant_id, viewer_id, user_name, platform, note)
      select ${tenantId}, ${viewerId}, ${ctx.event.userName}, ${ctx.event.platform}, ${note}
      where (select count(*) from bot_viewer_queue where tenant_id = ${tenantId} and picked_at is null) < ${queue.maxSize}
      on conflict (tenant_id, viewer_id) where picked_at is null do nothing
      returning id`;
    const { position, size } = await positionOf(tenantId, viewerId);
    if (inserted.length) return ctx.reply(`You joined the queue at #${position}.`, { as: 'reply' });
    if (position !== null)
      return ctx.reply(`You are already in the queue at #${position} of ${size}.`, { as: 'reply' });
    return ctx.reply(`The queue is full (${queue.maxSize}).`, { as: 'reply' });
  }

  async function leave(ctx: BotEvent) {
    const viewerId = await ctx.viewerId();
    if (!viewerId) return;
    const left = await sql`delete from bot_viewer_queue
      where tenant_id = ${ctx.event.tenantId} and viewer_id = ${viewerId} and picked_at is null returning id`;
    ctx.reply(left.length ? 'You left the queue.' : 'You are not in the queue.', { as: 'reply' });
  }

  async function pick(ctx: BotEvent, count: number, random: boolean) {
    const { tenantId } = ctx.event;
    const order = random ? sql`random()` : sql`id`;
    const picked = await sql<{ id: string; user_name: string }[]>`
      update bot_viewer_queue set picked_at = now()
      where id in (select id from bot_viewer_queue where tenant_id = ${tenantId} and picked_at is null
                   order by ${order} limit ${count} for update skip locked)
      returning id, user_name`;
    if (!picked.length) return ctx.reply('The queue is empty.');
    picked.sort((a, b) => Number(a.id) - Number(b.id));
    ctx.reply(`Picked: ${picked.map((p) => `@${p.user_name}`).join(', ')}`);
  }

  async function status(ctx: BotEvent) {
    const viewerId = await ctx.viewerId();
    const state = ctx.settings.builtins.queue.open ? 'open' : 'closed';
    if (!viewerId) return;
    const { position, size } = await positionOf(ctx.event.tenantId, viewerId);
    if (position !== null) return ctx.reply(`You are #${position} of ${size} in the queue.`, { as: 'reply' });
    ctx.reply(`${size} waiting; the queue is ${state}.`, { as: 'reply' });
  }

  async function manage(ctx: BotEvent, action: string, args: string[]) {
    if (!(await ctx.allows(ctx.settings.builtins.modLevel))) return;
    const { tenantId } = ctx.event;
    switch (action) {
      case 'open':
      case 'close':
        await setQueueOpen(sql, tenantId, action === 'open');
        return ctx.reply(
          action === 'open' ? 'The queue is open: type !join to get in.' : 'The queue is closed.',
        );
      case 'pick':
      case 'next':
      case 'random': {
        const count = args[0] === undefined ? 1 : Number(args[0]);
        if (!Number.isInteger(count) || count < 1 || count > maxPick)
          return ctx.reply(`Usage: !queue ${action} [1-${maxPick}]`, { as: 'reply' });
        return pick(ctx, count, action === 'random');
      }
      case 'clear': {
        const cleared =
          await sql`delete from bot_viewer_queue where tenant_id = ${tenantId} and picked_at is null returning id`;
        return ctx.reply(`Cleared the queue (${cleared.length} removed).`);
      }
      default:
        return ctx.reply('Usage: !queue [open|close|pick [n]|random [n]|clear]', { as: 'reply' });
    }
  }

  return [
    {
      name: 'join',
      minLevel: 'everyone',
      description: 'Joins the viewer queue, with an optional note.',
      enabled,
      run: join,
    },
    {
      name: 'leave',
      minLevel: 'everyone',
      description: 'Leaves the viewer queue.',
      enabled,
      run: (ctx) => leave(ctx),
    },
    {
      name: 'queue',
      minLevel: 'everyone',
      description: 'Your place in the viewer queue; mods open, close, pick and clear it.',
      enabled,
      run: (ctx, args) => (args[0] ? manage(ctx, args[0].toLowerCase(), args.slice(1)) : status(ctx)),
    },
  ];
}

/**
 * `!so @user`: points chat at another streamer with their last category, from the tenant's
 * template. The same target is shouted out at most once a minute per channel.
 */
import type { BotDeps, BuiltinCommand } from '../bot/types';

const cooldownMs = 60_000;
const loginPattern = /^[\p{L}\p{N}_.-]{1,50}$/u;

/** Fills {target} {url} {game} in one pass, so a value that looks like a placeholder stays text. */
export function fillShoutout(template: string, values: { target: string; url: string; game: string }) {
  return template.replace(/\{(target|url|game)\}/g, (_, key: keyof typeof values) => values[key]);
}

export function shoutoutCommand(deps: BotDeps): BuiltinCommand {
  const lastShoutout = new Map<string, number>();

  return {
    name: 'so',
    aliases: ['shoutout'],
    minLevel: (settings) => settings.builtins.modLevel,
    description: 'Shouts out another streamer with their last category.',
    enabled: (settings) => settings.builtins.shoutout.enabled,
    async run(ctx, args) {
      const login = args[0]?.replace(/^@/, '');
      if (!login || !loginPattern.test(login)) return ctx.reply('Usage: !so @user', { as: 'reply' });
      const key = `${ctx.channel.channelId}:${login.toLowerCase()}`;
      const now = deps.clock.now();
      const last = lastShoutout.get(key);
      if (last !== undefined && now - last < cooldownMs) return;
      const found = await deps.platform.broadcaster(ctx.channel, login).catch((error) => {
        deps.log.debug('shoutout lookup failed', { login, err: error });
        return null;
      });
      if (!found) return ctx.reply(`I could not find ${login}.`, { as: 'reply' });
      lastShoutout.set(key, now);
      for (const [k, at] of lastShoutout) if (now - at >= cooldownMs) lastShoutout.delete(k);
      ctx.reply(
        fillShoutout(ctx.settings.builtins.shoutout.template, {
          target: found.displayName,
          url: found.url,
          game: found.game ?? 'something unknown',
        }),
      );
    },
  };
}

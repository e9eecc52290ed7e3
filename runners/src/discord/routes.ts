/** The discord runner's internal routes, mounted at /discord: the gateway and go-live status. */
import type { Sql } from 'postgres';
import { createRunnerRoutes } from '../internal/errors';
import type { GatewayStatus } from './gateway';
import { discordQueueDepth } from './golive/store';
import type { GoLiveTracker } from './golive/tracker';

export type DiscordRoutesDeps = {
  sql: Sql;
  configured: boolean;
  gateway: () => GatewayStatus | null;
  tracker: GoLiveTracker;
  kick: () => { configured: boolean; lastPollAt: string | null; lastError: string | null };
  youtubeVerification: boolean;
};

export function createDiscordRoutes(deps: DiscordRoutesDeps) {
  const app = createRunnerRoutes();
  app.get('/status', async (c) => {
    const [queue, live, guilds] = await Promise.all([
      discordQueueDepth(deps.sql),
      deps.tracker.liveCount(),
      deps.sql<{ n: number }[]>`select count(*)::int as n from discord_guilds`,
    ]);
    return c.json({
      configured: deps.configured,
      gateway: deps.gateway(),
      guilds: guilds[0]?.n ?? 0,
      liveStreamers: live,
      queue,
      kick: deps.kick(),
      youtubeVerification: deps.youtubeVerification,
    });
  });
  return app;
}

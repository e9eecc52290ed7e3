/**
 * Game streaming tools: Sunshine's state on the gaming PC and waking the PC, both through the
 * gaming runner, which holds the Sunshine connection and the wake progress.
 */
import type { GamingStatus, PairedClient, WakeProgress } from '@homelab/db/gaming';
import { z } from 'zod';
import { defineTool } from './define';
import { callRunner } from './runners';

export const gameStreamingStatus = defineTool('game_streaming_status', {
  args: z.object({}),
  target: () => null,
  async run(_args, ctx) {
    const { status } = await callRunner<{ status: GamingStatus }>(ctx, 'gaming', {
      path: '/status?refresh=1',
    });
    let clients: PairedClient[] | null = null;
    if (status.state === 'online')
      clients = (await callRunner<{ clients: PairedClient[] }>(ctx, 'gaming', { path: '/clients' })).clients;
    const summary =
      status.state === 'online'
        ? `Sunshine is online${status.currentApp ? `, running ${status.currentApp.name}` : ''}; ${clients?.length ?? 0} paired clients`
        : status.state === 'not_configured'
          ? 'Sunshine is not configured'
          : `Sunshine is ${status.state === 'auth_failed' ? 'refusing the login' : 'offline'}`;
    return {
      ok: true,
      summary,
      // Application and client names are whatever was typed into Sunshine and Moonlight.
      untrusted: true,
      data: {
        state: status.state,
        reason: status.reason,
        version: status.version,
        currentApp: status.currentApp,
        pairedClients: clients,
        wakeOnLan: {
          configured: status.wol.configured,
          lastSentAt: status.wol.lastSentAt,
          progress: status.wol.progress,
        },
      },
    };
  },
});

export const wakeGamingPc = defineTool('wake_gaming_pc', {
  args: z.object({}),
  target: () => 'gaming-pc',
  async run(_args, ctx) {
    const { progress } = await callRunner<{ progress: WakeProgress }>(ctx, 'gaming', {
      method: 'POST',
      path: '/wake',
    });
    return {
      ok: true,
      summary: 'Sent the Wake-on-LAN packet to the gaming PC; Sunshine usually answers within a minute',
      data: progress,
    };
  },
});

export const gamingTools = [gameStreamingStatus, wakeGamingPc];

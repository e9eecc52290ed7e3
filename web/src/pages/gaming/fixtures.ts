/** Answers of the game streaming API for the card and page tests. */
import type { GamingStatus } from '@homelab/db/gaming';

export const idle = { state: 'idle', sentAt: null, attempts: 0, message: null } as const;

export const online: GamingStatus = {
  state: 'online',
  url: 'https://gaming-pc:47990',
  version: '2025.924.154138',
  reason: null,
  checkedAt: new Date().toISOString(),
  tlsPinned: true,
  currentApp: null,
  session: null,
  wol: {
    configured: true,
    mac: '00:11:22:33:44:55',
    broadcast: '192.168.1.255:9',
    lastSentAt: null,
    progress: idle,
  },
};

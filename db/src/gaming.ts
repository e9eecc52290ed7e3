/**
 * Game streaming contracts shared by the gaming runner, the API and the web page: the Sunshine host
 * as HomeLabHub sees it (reachable or not, the application it launched, Wake-on-LAN), its
 * applications and paired Moonlight clients, and the inputs for launching and pairing.
 */
import { z } from 'zod';

export const gamingHostStates = ['not_configured', 'online', 'offline', 'auth_failed'] as const;

export const sunshineAppSchema = z.object({
  /** Position in Sunshine's apps.json: what Sunshine's own API addresses apps by. */
  index: z.number().int().min(0),
  name: z.string(),
  /** Newer Sunshine releases give each app a stable uuid; older ones do not. */
  uuid: z.string().nullable(),
  hasImage: z.boolean(),
});
export type SunshineApp = z.infer<typeof sunshineAppSchema>;

export const pairedClientSchema = z.object({
  uuid: z.string(),
  name: z.string(),
});
export type PairedClient = z.infer<typeof pairedClientSchema>;

export const gamingSessionSchema = z.object({
  client: z.string().nullable(),
  bitrateKbps: z.number().nullable(),
  startedAt: z.string().nullable(),
});
export type GamingSession = z.infer<typeof gamingSessionSchema>;

export const wakeProgressSchema = z.object({
  state: z.enum(['idle', 'sent', 'waiting', 'online', 'timed_out', 'failed']),
  sentAt: z.string().nullable(),
  /** Polls of Sunshine since the packet went out. */
  attempts: z.number().int(),
  message: z.string().nullable(),
});
export type WakeProgress = z.infer<typeof wakeProgressSchema>;

export const gamingStatusSchema = z.object({
  state: z.enum(gamingHostStates),
  url: z.string().nullable(),
  version: z.string().nullable(),
  /** Why the host is offline or refused the login; null when online. */
  reason: z.string().nullable(),
  checkedAt: z.string().nullable(),
  /** Whether a certificate fingerprint is pinned (Sunshine's certificate is self-signed). */
  tlsPinned: z.boolean(),
  /**
   * The application HomeLabHub launched and has not closed. Sunshine's web API does not report the
   * running application, so one started from Moonlight directly is not seen here.
   */
  currentApp: z.object({ name: z.string(), uuid: z.string(), launchedAt: z.string() }).nullable(),
  /** The streaming session, when the host reports one (Sunshine's web API currently does not). */
  session: gamingSessionSchema.nullable(),
  wol: z.object({
    configured: z.boolean(),
    mac: z.string().nullable(),
    broadcast: z.string().nullable(),
    lastSentAt: z.string().nullable(),
    progress: wakeProgressSchema,
  }),
});
export type GamingStatus = z.infer<typeof gamingStatusSchema>;

export const pinInputSchema = z.object({
  pin: z.string().regex(/^\d{4}$/, 'must be the 4 digits Moonlight shows'),
  name: z.string().trim().min(1, 'must name the device').max(64, 'must be at most 64 characters'),
});
export type PinInput = z.infer<typeof pinInputSchema>;

/** Hosts that can launch from the web API (Apollo and newer forks) address apps by their uuid. */
export const launchInputSchema = z.object({
  uuid: z.string().trim().min(1, 'must be the uuid of an application from the list').max(128),
});
export type LaunchInput = z.infer<typeof launchInputSchema>;

export const unpairInputSchema = z.object({
  uuid: z.string().min(1).max(128),
});

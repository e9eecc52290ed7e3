/**
 * The gaming host as HomeLabHub sees it: Sunshine's state (cached, refreshed when someone asks and
 * the cache is old), the application launched from here, and waking the PC (the magic packet, then
 * polling Sunshine until it answers or the wait runs out).
 */
import type { GamingStatus, PairedClient, SunshineApp, WakeProgress } from '@homelab/db/gaming';
import { HttpError } from '../internal/errors';
import type { Logger } from '../log';
import { createSunshineClient, type SunshineClient, SunshineError } from './sunshine-client';
import { parseWolTarget, sendMagicPacket } from './wake-on-lan';

export type SunshineSettings = {
  url?: string;
  username?: string;
  password?: string;
  tlsFingerprint?: string;
  wolMac?: string;
  wolBroadcast?: string;
};

export type GamingHostOptions = {
  settings: SunshineSettings;
  log: Logger;
  /** A status younger than this is answered from the cache. */
  cacheMs?: number;
  requestTimeoutMs?: number;
  /** After a wake packet: how often Sunshine is polled and for how long. */
  wakePollMs?: number;
  wakeTimeoutMs?: number;
  /** After a PIN: how many times, and how far apart, the client list is read for the new device. */
  pairCheckAttempts?: number;
  pairCheckIntervalMs?: number;
  signal?: AbortSignal;
};

const defaults = {
  cacheMs: 10_000,
  requestTimeoutMs: 8_000,
  wakePollMs: 5_000,
  wakeTimeoutMs: 180_000,
  pairCheckAttempts: 6,
  pairCheckIntervalMs: 500,
};

export const notConfiguredMessage =
  'Sunshine is not configured: set SUNSHINE_URL (e.g. https://gaming-pc:47990), SUNSHINE_USERNAME and SUNSHINE_PASSWORD on the runners.';

type Probe = Pick<GamingStatus, 'state' | 'version' | 'reason' | 'checkedAt'>;

/** The status a probe of Sunshine ends in: online with its version, or why not. */
export function probeResult(outcome: { version: string | null } | SunshineError, at: Date): Probe {
  const checkedAt = at.toISOString();
  if (!(outcome instanceof SunshineError))
    return { state: 'online', version: outcome.version, reason: null, checkedAt };
  const state = outcome.kind === 'auth_failed' ? 'auth_failed' : 'offline';
  return { state, version: null, reason: outcome.message, checkedAt };
}

export function createGamingHost(options: GamingHostOptions) {
  const opts = { ...defaults, ...options };
  const { settings, log } = opts;
  const configured = Boolean(settings.url && settings.username && settings.password);
  const client: SunshineClient | null = configured
    ? createSunshineClient({
        url: settings.url ?? '',
        username: settings.username ?? '',
        password: settings.password ?? '',
        tlsFingerprint: settings.tlsFingerprint,
        timeoutMs: opts.requestTimeoutMs,
      })
    : null;
  const wolTarget = settings.wolMac ? parseWolTarget(settings.wolBroadcast ?? '255.255.255.255') : null;

  let probe: Probe = {
    state: configured ? 'offline' : 'not_configured',
    version: null,
    reason: configured ? 'Not checked yet.' : notConfiguredMessage,
    checkedAt: null,
  };
  let probing: Promise<Probe> | null = null;
  let currentApp: GamingStatus['currentApp'] = null;
  let lastSentAt: string | null = null;
  let wake: WakeProgress = { state: 'idle', sentAt: null, attempts: 0, message: null };
  let wakeLoop: Promise<void> | null = null;

  function requireClient(): SunshineClient {
    if (!client) throw new HttpError(503, 'not_configured', notConfiguredMessage);
    return client;
  }

  async function refresh(): Promise<Probe> {
    if (!client) return probe;
    probing ??= client
      .config()
      .then(
        (config) => probeResult(config, new Date()),
        (error: unknown) => {
          if (error instanceof SunshineError) return probeResult(error, new Date());
          throw error;
        },
      )
      .then((next) => {
        if (next.state !== probe.state)
          log.info('Sunshine state changed', { from: probe.state, to: next.state });
        // A host that went away took its running application with it.
        if (next.state === 'offline') currentApp = null;
        probe = next;
        return next;
      })
      .finally(() => {
        probing = null;
      });
    return probing;
  }

  /** Sunshine failures as the API answers them: 503 when the host cannot be asked, 409 when it said no. */
  async function ask<T>(work: (sunshine: SunshineClient) => Promise<T>): Promise<T> {
    const sunshine = requireClient();
    try {
      return await work(sunshine);
    } catch (error) {
      if (!(error instanceof SunshineError)) throw error;
      if (error.kind === 'unreachable' || error.kind === 'auth_failed') {
        probe = probeResult(error, new Date());
        throw new HttpError(
          503,
          error.kind === 'auth_failed' ? 'sunshine_auth_failed' : 'sunshine_offline',
          error.message,
        );
      }
      if (error.kind === 'unsupported')
        throw new HttpError(
          409,
          'sunshine_unsupported',
          `${error.message} Start the application from Moonlight instead.`,
        );
      throw new HttpError(409, 'sunshine_refused', error.message);
    }
  }

  async function waitUntilOnline(sentAt: number) {
    const signal = opts.signal;
    // The first look is immediate: a PC that was already awake is reported as such at once.
    while (Date.now() - sentAt < opts.wakeTimeoutMs && !signal?.aborted) {
      const result = client ? await refresh() : probe;
      wake = { ...wake, state: 'waiting', attempts: wake.attempts + 1 };
      if (result.state === 'online' || result.state === 'auth_failed') {
        wake = { ...wake, state: 'online', message: 'Sunshine answered; the gaming PC is awake.' };
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, opts.wakePollMs).unref?.());
    }
    if (signal?.aborted) return;
    wake = {
      ...wake,
      state: 'timed_out',
      message: `Sunshine did not answer within ${Math.round(opts.wakeTimeoutMs / 1000)} s of the wake packet; check that Wake-on-LAN is enabled in the PC's firmware and network card.`,
    };
  }

  return {
    configured,
    async status(force = false): Promise<GamingStatus> {
      const fresh = probe.checkedAt && Date.now() - Date.parse(probe.checkedAt) < opts.cacheMs;
      if (force || !fresh) await refresh();
      return {
        ...probe,
        url: settings.url ?? null,
        tlsPinned: Boolean(settings.tlsFingerprint),
        currentApp,
        // Sunshine's web API reports neither the streaming client nor the bitrate.
        session: null,
        wol: {
          configured: Boolean(wolTarget),
          mac: settings.wolMac ?? null,
          broadcast: wolTarget ? `${wolTarget.address}:${wolTarget.port}` : null,
          lastSentAt,
          progress: wake,
        },
      };
    },
    lastState: () => probe.state,

    async apps(): Promise<SunshineApp[]> {
      const entries = await ask((sunshine) => sunshine.apps());
      return entries.map((entry, index) => ({
        index,
        name: typeof entry.name === 'string' ? entry.name : `Application ${index + 1}`,
        uuid: typeof entry.uuid === 'string' && entry.uuid ? entry.uuid : null,
        hasImage: typeof entry['image-path'] === 'string' && entry['image-path'] !== '',
      }));
    },

    async launch(uuid: string): Promise<NonNullable<GamingStatus['currentApp']>> {
      const entries = await ask((sunshine) => sunshine.apps());
      const app = entries.find((entry) => entry.uuid === uuid);
      if (!app)
        throw new HttpError(404, 'not_found', `Sunshine has no application ${uuid}; refresh the list.`);
      await ask((sunshine) => sunshine.launch(uuid));
      currentApp = { name: app.name ?? uuid, uuid, launchedAt: new Date().toISOString() };
      return currentApp;
    },

    async close(): Promise<void> {
      await ask((sunshine) => sunshine.close());
      currentApp = null;
    },

    async clients(): Promise<PairedClient[]> {
      const certs = await ask((sunshine) => sunshine.clients());
      return certs
        .filter((cert) => typeof cert.uuid === 'string')
        .map((cert) => ({
          uuid: cert.uuid ?? '',
          name: typeof cert.name === 'string' && cert.name ? cert.name : 'Unnamed client',
        }));
    },

    async unpair(uuid: string): Promise<void> {
      const known = await ask((sunshine) => sunshine.clients());
      if (!known.some((cert) => cert.uuid === uuid))
        throw new HttpError(404, 'not_found', `No paired client ${uuid}; it may already be unpaired.`);
      const done = await ask((sunshine) => sunshine.unpair(uuid));
      if (!done) throw new HttpError(409, 'sunshine_refused', `Sunshine could not unpair client ${uuid}.`);
    },

    /**
     * Hands the PIN to Sunshine. Sunshine only says whether a Moonlight client was waiting; whether
     * the PIN was right shows in the pairing handshake that follows, so the client list is checked.
     */
    async pair(pin: string, name: string): Promise<PairedClient> {
      const before = new Set((await ask((sunshine) => sunshine.clients())).map((cert) => cert.uuid));
      const accepted = await ask((sunshine) => sunshine.pin(pin, name));
      if (!accepted)
        throw new HttpError(
          409,
          'pairing_not_waiting',
          'No Moonlight client is waiting to pair: start pairing in Moonlight first, then enter the 4 digits it shows while it waits.',
        );
      for (let attempt = 0; attempt < opts.pairCheckAttempts; attempt++) {
        const added = (await ask((sunshine) => sunshine.clients())).find(
          (cert) => cert.uuid && !before.has(cert.uuid),
        );
        if (added) return { uuid: added.uuid ?? '', name: added.name || name };
        await new Promise((resolve) => setTimeout(resolve, opts.pairCheckIntervalMs));
      }
      throw new HttpError(
        409,
        'pairing_failed',
        'Sunshine took the PIN but the device did not finish pairing; check the PIN Moonlight shows and try again.',
      );
    },

    /** Sends the magic packet and starts waiting for Sunshine in the background; progress shows in status(). */
    async wake(): Promise<WakeProgress> {
      if (!wolTarget || !settings.wolMac)
        throw new HttpError(
          503,
          'not_configured',
          'Wake-on-LAN is not configured: set GAMING_PC_MAC (and GAMING_PC_BROADCAST for another subnet) on the runners.',
        );
      try {
        await sendMagicPacket(settings.wolMac, wolTarget);
      } catch (error) {
        wake = {
          state: 'failed',
          sentAt: null,
          attempts: 0,
          message: `The wake packet could not be sent: ${(error as Error).message}`,
        };
        throw new HttpError(502, 'wake_failed', wake.message ?? 'The wake packet could not be sent.');
      }
      const sentAt = Date.now();
      lastSentAt = new Date(sentAt).toISOString();
      log.info('wake-on-lan packet sent', { target: `${wolTarget.address}:${wolTarget.port}` });
      wake = {
        state: client ? 'waiting' : 'sent',
        sentAt: lastSentAt,
        attempts: 0,
        message: client ? 'Packet sent; waiting for Sunshine to answer.' : 'Packet sent.',
      };
      if (client && !wakeLoop)
        wakeLoop = waitUntilOnline(sentAt)
          .catch((error) => log.warn('waiting for the gaming PC failed', { err: error }))
          .finally(() => {
            wakeLoop = null;
          });
      return wake;
    },
    /** Resolves when a running wake wait ends; for an orderly stop. */
    settled: () => wakeLoop ?? Promise.resolve(),
  };
}

export type GamingHost = ReturnType<typeof createGamingHost>;

import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

const secret = 'x'.repeat(32);
const base = { DATABASE_URL: 'postgres://app@127.0.0.1:5432/homelab', RUNNER_SECRET: secret };

describe('loadConfig', () => {
  it('applies the defaults', () => {
    expect(loadConfig(base)).toEqual({
      databaseUrl: base.DATABASE_URL,
      runnerSecret: secret,
      port: 8788,
      host: '127.0.0.1',
      enabledRunners: 'all',
      peerUrl: undefined,
      metricsIntervalMs: 5_000,
      logLevel: 'info',
      dockerHost: undefined,
      encryptionKey: undefined,
      backupDir: '.data/backups',
      publicOrigin: undefined,
      discord: { botToken: undefined, baseUrl: 'https://discord.com' },
      youtube: { apiKey: undefined, baseUrl: 'https://www.googleapis.com' },
      kick: {
        clientId: undefined,
        clientSecret: undefined,
        apiBaseUrl: 'https://api.kick.com',
        authBaseUrl: 'https://id.kick.com',
        webBaseUrl: 'https://kick.com',
        pusherUrl:
          'wss://ws-us2.pusher.com/app/32cbd69e4b950bf97679?protocol=7&client=js&version=8.4.0&flash=false',
        chromiumPath: '/usr/bin/chromium',
      },
      twitch: {
        clientId: undefined,
        clientSecret: undefined,
        authBaseUrl: 'https://id.twitch.tv',
        apiBaseUrl: 'https://api.twitch.tv',
        ircUrl: 'wss://irc-ws.chat.twitch.tv:443',
        botLogin: undefined,
        botRefreshToken: undefined,
      },
      google: {
        clientId: undefined,
        clientSecret: undefined,
        tokenBaseUrl: 'https://oauth2.googleapis.com',
        apiBaseUrl: 'https://www.googleapis.com',
      },
      spotify: {
        clientId: undefined,
        clientSecret: undefined,
        authBaseUrl: 'https://accounts.spotify.com',
        apiBaseUrl: 'https://api.spotify.com',
      },
      ai: {
        baseUrl: 'https://api.openai.com/v1',
        apiKey: undefined,
        model: 'gpt-4o-mini',
        moderationModel: 'omni-moderation-latest',
        timeoutMs: 8_000,
      },
      jarvis: { model: 'gpt-4o-mini', timeoutMs: 60_000, projectsDir: undefined },
      chatHolder: undefined,
      homeAssistant: { url: undefined, token: undefined },
      sunshine: {
        url: undefined,
        username: undefined,
        password: undefined,
        tlsFingerprint: undefined,
        wolMac: undefined,
        wolBroadcast: '255.255.255.255',
      },
      automations: { maxAttempts: 6, retryBaseMs: 30_000 },
      updates: { helperImage: 'busybox:stable', snapshotDays: 7 },
      deploy: { repoDir: undefined, branch: 'main', pollSeconds: 300, composeFile: undefined },
      systemBackup: {
        dir: '.data/backups/system',
        key: undefined,
        keep: '7,4,6',
        schedule: '30 3 * * *',
        targets: ['local'],
        volumes: [],
        adminUrl: undefined,
        ownerUrl: undefined,
      },
      uploads: {
        dir: '.data/uploads',
        maxBytes: 100 * 1024 * 1024,
        clamdSocket: undefined,
        clamscanPath: 'clamscan',
        clamavDatabaseDir: undefined,
        s3: undefined,
      },
    });
  });

  it("reads the Kick chat socket's addresses", () => {
    expect(
      loadConfig({
        ...base,
        KICK_WEB_BASE_URL: 'http://127.0.0.1:9001',
        KICK_PUSHER_URL: 'ws://127.0.0.1:9001/app/key?protocol=7',
        PUPPETEER_EXECUTABLE_PATH: '/opt/chromium/chrome',
      }).kick,
    ).toMatchObject({
      webBaseUrl: 'http://127.0.0.1:9001',
      pusherUrl: 'ws://127.0.0.1:9001/app/key?protocol=7',
      chromiumPath: '/opt/chromium/chrome',
    });
    expect(() => loadConfig({ ...base, KICK_PUSHER_URL: 'https://x' })).toThrow(
      /KICK_PUSHER_URL must be a ws/,
    );
  });

  it('names each missing variable, treating an empty one as missing', () => {
    expect(() => loadConfig({ RUNNER_SECRET: '' })).toThrow(ConfigError);
    expect(() => loadConfig({ RUNNER_SECRET: '' })).toThrow(
      /DATABASE_URL is required.*RUNNER_SECRET is required/,
    );
  });

  it('refuses a short secret, a non-postgres URL, a bad port and an unknown log level', () => {
    expect(() => loadConfig({ ...base, RUNNER_SECRET: 'short' })).toThrow(
      /RUNNER_SECRET must be at least 32/,
    );
    expect(() => loadConfig({ ...base, DATABASE_URL: 'mysql://x' })).toThrow(
      /DATABASE_URL must be a postgres/,
    );
    expect(() => loadConfig({ ...base, RUNNERS_PORT: 'eighty' })).toThrow(/RUNNERS_PORT/);
    expect(() => loadConfig({ ...base, LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL must be one of debug, info/);
  });

  it('parses the enabled runner list, numbers and level', () => {
    const config = loadConfig({
      ...base,
      RUNNERS_ENABLED: ' system, docker ,',
      RUNNERS_PORT: '9000',
      RUNNERS_HOST: '0.0.0.0',
      METRICS_INTERVAL_MS: '1000',
      LOG_LEVEL: 'debug',
    });
    expect(config).toMatchObject({
      enabledRunners: ['system', 'docker'],
      port: 9000,
      host: '0.0.0.0',
      metricsIntervalMs: 1000,
      logLevel: 'debug',
    });
    expect(loadConfig({ ...base, RUNNERS_ENABLED: 'all' }).enabledRunners).toBe('all');
    expect(loadConfig({ ...base, RUNNERS_ENABLED: 'none' }).enabledRunners).toEqual([]);
    expect(() => loadConfig({ ...base, RUNNERS_ENABLED: 'System!' })).toThrow(
      /invalid runner name "System!"/,
    );
  });

  it('reads the peer runners process, which must be an http:// address', () => {
    expect(loadConfig({ ...base, RUNNERS_PEER_URL: 'http://runners-engine:8788/' }).peerUrl).toBe(
      'http://runners-engine:8788',
    );
    expect(loadConfig({ ...base, RUNNERS_PEER_URL: '' }).peerUrl).toBeUndefined();
    expect(() => loadConfig({ ...base, RUNNERS_PEER_URL: 'runners-engine:8788' })).toThrow(
      /RUNNERS_PEER_URL must be the http:\/\/ address of the other runners process/,
    );
    expect(() => loadConfig({ ...base, RUNNERS_PEER_URL: 'https://runners-engine:8788' })).toThrow(
      /RUNNERS_PEER_URL must be the http:\/\/ address/,
    );
  });
});

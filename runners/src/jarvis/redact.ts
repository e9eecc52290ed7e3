/**
 * Nothing secret reaches the model: the values of the secrets this process was configured with, and
 * anything shaped like a credential (bearer tokens, passwords in URLs or assignments, private keys,
 * HomeLabHub API keys, JWTs), wherever it appears — a log line, an inspect result, a person's message.
 */
import type { Config } from '../config';

export const redacted = '[REDACTED]';

const patterns: [RegExp, string][] = [
  [/-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|$)/g, redacted],
  [/\b(Bearer|Basic|Bot)\s+[A-Za-z0-9._~+/=-]{8,}/gi, `$1 ${redacted}`],
  // scheme://user:password@host
  [/\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*):[^\s@/]+@/gi, `$1:${redacted}@`],
  [/\bhlk_[A-Za-z0-9_-]{8,}/g, redacted],
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}/g, redacted],
  // PASSWORD=…, "api_key": "…", secret: …
  [
    /\b([A-Za-z0-9_]*(?:passw(?:or)?d|secret|token|api[_-]?key|access[_-]?key|private[_-]?key)[A-Za-z0-9_]*"?\s*[=:]\s*"?)([^\s"',;&]{3,})/gi,
    `$1${redacted}`,
  ],
];

/** The secret values a configuration holds (keys, tokens, the database password). */
export function configSecrets(config: Config): string[] {
  const values = [
    config.runnerSecret,
    config.encryptionKey,
    config.discord?.botToken,
    config.discord?.clientSecret,
    config.youtube?.apiKey,
    config.kick?.clientSecret,
    config.twitch?.clientSecret,
    config.twitch?.botRefreshToken,
    config.twitch?.eventsubSecret,
    config.google?.clientSecret,
    config.spotify?.clientSecret,
    config.ai?.apiKey,
  ];
  try {
    const password = decodeURIComponent(new URL(config.databaseUrl).password);
    values.push(password);
  } catch {
    // Not a URL: nothing to take from it.
  }
  return values.filter((v): v is string => typeof v === 'string');
}

/** A redactor for these secret values plus every credential pattern. */
export function createRedactor(secrets: readonly string[]): (text: string) => string {
  // Short values would blank ordinary words; real secrets are longer.
  const values = [...new Set(secrets.filter((s) => s.length >= 6))].sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text;
    for (const value of values) out = out.split(value).join(redacted);
    for (const [pattern, replacement] of patterns) out = out.replace(pattern, replacement);
    return out;
  };
}

/** The facts panel of one monitor: its settings at a glance, the certificate of TLS/HTTPS checks, and the push URL to copy. */
import { For, Show } from 'solid-js';
import { formatDateTime, formatDuration } from '../../lib/format';
import { Badge } from '../../ui/Badge';
import { Card } from '../../ui/Card';
import { CopyButton } from '../../ui/CopyButton';
import { certificateFacts, formatUptimeRatio } from './monitors';
import type { Monitor } from './types';

const target = (monitor: Monitor) => {
  const c = monitor.config;
  const text = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');
  switch (monitor.type) {
    case 'http':
      return `${text(c.method) || 'GET'} ${text(c.url)}`;
    case 'tls':
    case 'tcp':
      return `${text(c.host)}:${text(c.port)}`;
    case 'dns':
      return `${text(c.recordType) || 'A'} ${text(c.name)}`;
    case 'container':
      return text(c.container);
    case 'postgres':
    case 'redis':
      return 'connection URL (kept secret)';
    case 'push':
      return 'heartbeat from outside';
  }
};

export function MonitorFacts(props: { monitor: Monitor }) {
  const m = () => props.monitor;
  const cert = () => (m().type === 'tls' || m().type === 'http' ? certificateFacts(m().lastDetail) : null);
  const pushUrl = () => (m().pushUrl ? new URL(m().pushUrl!, window.location.origin).toString() : null);
  const facts = () => [
    ['Checks', target(m())],
    ['Every', formatDuration(m().intervalSeconds)],
    ['Timeout', `${m().timeoutMs / 1000} s`],
    ['Retries before down', String(m().retries)],
    ['Domain', m().domain ?? '—'],
    ['Tags', m().tags.join(', ') || '—'],
    [
      'Uptime 24 h / 7 d / 30 d / 1 y',
      [m().uptime.day, m().uptime.week, m().uptime.month, m().uptime.year].map(formatUptimeRatio).join(' / '),
    ],
    ['Last message', m().lastMessage ?? '—'],
  ];
  return (
    <Card title="Details" icon="i-ph-list-bullets">
      <dl class="grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-[auto_1fr]">
        <For each={facts()}>
          {([name, value]) => (
            <>
              <dt class="text-ink-muted">{name}</dt>
              <dd class="break-all text-ink">{value}</dd>
            </>
          )}
        </For>
      </dl>
      <Show when={cert()}>
        {(c) => (
          <section aria-label="Certificate" class="flex flex-col gap-2 border-t border-space-600/60 pt-3">
            <h3 class="flex items-center gap-2 text-sm font-semibold text-ink">
              <span class="i-ph-certificate text-violet-300" aria-hidden="true" />
              Certificate
            </h3>
            <dl class="grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-[auto_1fr]">
              <dt class="text-ink-muted">Days left</dt>
              <dd>
                <Show when={c().daysLeft !== null} fallback="—">
                  <Badge
                    tone={c().daysLeft! < 0 ? 'danger' : c().daysLeft! < 14 ? 'warn' : 'ok'}
                    icon={c().daysLeft! < 14 ? 'i-ph-warning' : 'i-ph-check'}
                  >
                    {c().daysLeft! < 0 ? `Expired ${-c().daysLeft!} days ago` : `${c().daysLeft} days`}
                  </Badge>
                </Show>
              </dd>
              <dt class="text-ink-muted">Expires</dt>
              <dd class="text-ink">{formatDateTime(c().expiresAt)}</dd>
              <dt class="text-ink-muted">Issuer</dt>
              <dd class="text-ink">{c().issuer ?? '—'}</dd>
              <Show when={c().subject}>
                <dt class="text-ink-muted">Subject</dt>
                <dd class="text-ink">{c().subject}</dd>
              </Show>
            </dl>
          </section>
        )}
      </Show>
      <Show when={pushUrl()}>
        {(url) => (
          <section aria-label="Push URL" class="flex flex-col gap-2 border-t border-space-600/60 pt-3">
            <h3 class="text-sm font-semibold text-ink">Push URL</h3>
            <p class="text-xs text-ink-muted">
              Call it (GET or POST) from n8n, a cron job or a script at least every{' '}
              {formatDuration(m().intervalSeconds)}; silence marks the monitor down.
            </p>
            <div class="flex flex-wrap items-center gap-2">
              <code class="break-all rounded-control bg-space-900 px-2 py-1 font-mono text-xs text-ink">
                {url()}
              </code>
              <CopyButton text={url()} what="push URL" />
            </div>
          </section>
        )}
      </Show>
    </Card>
  );
}

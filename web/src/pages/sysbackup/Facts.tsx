/** The backup settings as facts: schedule, retention, targets, volumes, encryption, drills (set in the environment). */
import { For, Show } from 'solid-js';
import { formatDateTime, formatRelative } from '../../lib/format';
import { Badge } from '../../ui/Badge';
import type { SystemBackupSettings } from './api';
import { targetLabels } from './look';

export function Facts(props: { settings: SystemBackupSettings }) {
  const s = () => props.settings;
  return (
    <dl class="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-2 lg:grid-cols-3">
      <div>
        <dt class="text-ink-muted">Schedule (UTC)</dt>
        <dd class="text-ink">
          <code>{s().schedule}</code>
          <Show when={s().nextRunAt}>
            <span class="text-ink-muted" title={formatDateTime(s().nextRunAt)}>
              {' '}
              · next {formatRelative(s().nextRunAt)}
            </span>
          </Show>
        </dd>
      </div>
      <div>
        <dt class="text-ink-muted">Retention</dt>
        <dd class="text-ink">
          {s().retention.daily} daily, {s().retention.weekly} weekly, {s().retention.monthly} monthly
        </dd>
      </div>
      <div>
        <dt class="text-ink-muted">Encryption</dt>
        <dd>
          <Show
            when={s().encrypted}
            fallback={
              <Badge tone="warn" icon="i-ph-lock-open">
                Off (set SYSTEM_BACKUP_KEY)
              </Badge>
            }
          >
            <Badge tone="ok" icon="i-ph-lock">
              AES-256-GCM
            </Badge>
          </Show>
        </dd>
      </div>
      <div>
        <dt class="text-ink-muted">Targets</dt>
        <dd>
          <ul class="flex flex-col gap-1">
            <For each={s().targets}>
              {(target) => (
                <li class="flex flex-wrap items-center gap-2">
                  <Badge
                    tone={target.configured ? 'ok' : 'warn'}
                    icon={target.configured ? 'i-ph-check' : 'i-ph-warning'}
                  >
                    {targetLabels[target.kind]}
                  </Badge>
                  <span class="break-all text-xs text-ink-muted">{target.detail}</span>
                </li>
              )}
            </For>
          </ul>
        </dd>
      </div>
      <div>
        <dt class="text-ink-muted">Volumes</dt>
        <dd class="text-ink">{s().volumes.length > 0 ? s().volumes.join(', ') : 'None (database only)'}</dd>
      </div>
      <div>
        <dt class="text-ink-muted">Restore drills</dt>
        <dd class="text-ink">
          {s().drill.possible ? 'After every scheduled backup' : (s().drill.reason ?? 'Not possible')}
        </dd>
      </div>
    </dl>
  );
}

/**
 * Settings: API keys, sessions, the audit log, the account and (for owners and admins) the stream
 * bot's tokens, each behind its own error boundary.
 */
import { For, Show } from 'solid-js';
import { currentUser } from '../../auth/session';
import { usePageTitle } from '../../lib/title';
import { Boundary } from '../../ui/ErrorBoundary';
import { AccountSection } from './AccountSection';
import { ApiKeysSection } from './ApiKeysSection';
import { AuditSection } from './AuditSection';
import { SessionsSection } from './SessionsSection';
import { StreamTokensSection } from './StreamTokensSection';

const sections = [
  { href: '#api-keys', label: 'API keys' },
  { href: '#sessions', label: 'Sessions' },
  { href: '#audit', label: 'Audit log' },
  { href: '#account', label: 'Account' },
] as const;

const operates = () => currentUser()?.role === 'owner' || currentUser()?.role === 'admin';

export default function SettingsPage() {
  usePageTitle('Settings');
  return (
    <>
      <div class="flex flex-wrap items-end justify-between gap-3">
        <h1 class="text-2xl font-semibold text-ink">Settings</h1>
        <nav aria-label="Settings sections">
          <ul class="flex flex-wrap gap-1 text-sm">
            <For
              each={
                operates() ? [...sections, { href: '#stream-tokens', label: 'Stream bot tokens' }] : sections
              }
            >
              {(s) => (
                <li>
                  <a
                    href={s.href}
                    class="rounded-control px-3 py-1.5 text-ink-muted hover:bg-space-700 hover:text-ink"
                  >
                    {s.label}
                  </a>
                </li>
              )}
            </For>
          </ul>
        </nav>
      </div>
      <Boundary label="The API keys section">
        <ApiKeysSection />
      </Boundary>
      <Boundary label="The sessions section">
        <SessionsSection />
      </Boundary>
      <Boundary label="The audit log">
        <AuditSection />
      </Boundary>
      <Boundary label="The account section">
        <AccountSection />
      </Boundary>
      <Show when={operates()}>
        <Boundary label="The stream bot tokens">
          <StreamTokensSection />
        </Boundary>
      </Show>
    </>
  );
}

/**
 * The linked Google account: how to set it up when the server has no Google app, a "Connect
 * Google" button that goes to Google's consent page, the account and its scopes once connected,
 * and what to do when Google withdrew access or keeps failing.
 */
import { createSignal, For, Match, Show, Switch } from 'solid-js';
import { ApiError } from '../../api/client';
import { formatRelative } from '../../lib/format';
import { Badge } from '../../ui/Badge';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { CodeBlock } from '../../ui/CodeBlock';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { createConfirmation } from '../../ui/confirmation';
import { EmptyState } from '../../ui/EmptyState';
import { toast } from '../../ui/Toast';
import { disconnectGoogle, startGoogleConnect } from './api';
import { connectionLabel, problemText } from './problems';
import type { GoogleStatus } from './types';

/** Google's scope URLs, said the way its consent page says them. */
const scopeNames: Record<string, string> = {
  openid: 'Sign-in identity',
  email: 'Email address',
  'https://www.googleapis.com/auth/calendar.events': 'Create calendar events',
  'https://www.googleapis.com/auth/calendar.readonly': 'Read calendars',
  'https://www.googleapis.com/auth/gmail.readonly': 'Read Gmail',
  'https://www.googleapis.com/auth/gmail.send': 'Send email',
  'https://www.googleapis.com/auth/drive.readonly': 'Browse Drive',
  'https://www.googleapis.com/auth/drive.file': 'Write files it made in Drive',
  'https://www.googleapis.com/auth/userinfo.email': 'Email address',
};
const scopeName = (scope: string) =>
  scopeNames[scope] ?? scope.replace('https://www.googleapis.com/auth/', '');

/** Sends the browser to Google's consent page; it comes back to /google?connected=1 or ?error=. */
export function ConnectButton(props: { label?: string; variant?: 'primary' | 'ghost' }) {
  const [busy, setBusy] = createSignal(false);
  const connect = async () => {
    setBusy(true);
    try {
      window.location.assign(await startGoogleConnect());
    } catch (error) {
      toast(error instanceof ApiError ? error.message : 'Could not start connecting Google.', 'danger');
      setBusy(false);
    }
  };
  return (
    <Button
      variant={props.variant ?? 'primary'}
      icon="i-ph-google-logo"
      busy={busy()}
      onClick={() => void connect()}
    >
      {props.label ?? 'Connect Google'}
    </Button>
  );
}

export function ConnectionPanel(props: { status: GoogleStatus; onChanged: () => void }) {
  const label = () => connectionLabel(props.status);
  const redirectUri = () => `${window.location.origin}/api/google/callback`;
  const disconnecting = createConfirmation(async () => {
    await disconnectGoogle();
    toast('Google disconnected');
    props.onChanged();
  }, 'Could not disconnect Google.');

  return (
    <Card
      title="Google account"
      icon="i-ph-google-logo"
      actions={<Badge tone={label().tone}>{label().text}</Badge>}
    >
      <Switch>
        <Match when={props.status.state === 'not_configured'}>
          <EmptyState title="Google is not set up on this server" icon="i-ph-gear-six">
            <p>
              Create an OAuth client (type “Web application”) in the Google Cloud console, enable the
              Calendar, Gmail and Drive APIs, and add this redirect URI:
            </p>
            <CodeBlock
              code={redirectUri()}
              label="Redirect URI"
              copy="redirect URI"
              class="pr-24 text-left"
            />
            <p class="mt-2">
              Then set <code>GOOGLE_CLIENT_ID</code>, <code>GOOGLE_CLIENT_SECRET</code> and{' '}
              <code>ENCRYPTION_KEY</code> (tokens are stored encrypted) for both the functions and the
              runners, and restart HomeLabHub.
            </p>
          </EmptyState>
        </Match>
        <Match when={props.status.state === 'not_connected'}>
          <EmptyState title="No Google account connected" icon="i-ph-plugs" action={<ConnectButton />}>
            Connect one account to see its calendars and unread mail here, send notification emails, and keep
            backups in a Drive folder. Google asks you to confirm each permission.
          </EmptyState>
        </Match>
        <Match when={props.status.state === 'revoked' || props.status.state === 'error'}>
          <Banner
            tone={props.status.state === 'revoked' ? 'danger' : 'warn'}
            title={
              props.status.lastErrorKind
                ? problemText[props.status.lastErrorKind].title
                : props.status.state === 'revoked'
                  ? problemText.auth_revoked.title
                  : 'Google calls are failing'
            }
            action={<ConnectButton label="Reconnect" />}
          >
            <p>
              {props.status.lastErrorKind
                ? problemText[props.status.lastErrorKind].advice
                : props.status.state === 'revoked'
                  ? problemText.auth_revoked.advice
                  : 'Reconnect Google if this keeps happening.'}
            </p>
            <Show when={props.status.lastError}>
              <p class="mt-1 font-mono text-xs">{props.status.lastError}</p>
            </Show>
          </Banner>
        </Match>
      </Switch>
      <Show when={props.status.email && props.status.state !== 'not_connected'}>
        <div class="flex flex-wrap items-start justify-between gap-4">
          <dl class="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[auto_1fr]">
            <dt class="text-ink-muted">Account</dt>
            <dd class="font-medium text-ink">{props.status.email}</dd>
            <Show when={props.status.tokenExpiresAt}>
              <dt class="text-ink-muted">Access token</dt>
              <dd class="text-ink">
                renews by itself; current one expires {formatRelative(props.status.tokenExpiresAt)}
              </dd>
            </Show>
            <dt class="text-ink-muted">Permissions</dt>
            <dd>
              <ul class="flex flex-wrap gap-1.5" aria-label="Granted permissions">
                <For each={props.status.scopes} fallback={<li class="text-ink-muted">none recorded</li>}>
                  {(scope) => (
                    <li>
                      <Badge tone="info">{scopeName(scope)}</Badge>
                    </li>
                  )}
                </For>
              </ul>
            </dd>
          </dl>
          <Button icon="i-ph-plugs" variant="danger" size="sm" onClick={() => disconnecting.open(true)}>
            Disconnect
          </Button>
        </div>
      </Show>
      <ConfirmDialog
        {...disconnecting.dialog}
        title="Disconnect Google?"
        description={`HomeLabHub forgets the tokens of ${props.status.email ?? 'this account'} and asks Google to revoke them. Calendar, Gmail and Drive disappear from mission control, and backups stop going to Drive, until you connect again.`}
        confirmLabel="Disconnect Google"
      />
    </Card>
  );
}

/**
 * /google: the linked Google account, then its Calendar, Gmail and Drive, each loading and failing
 * on its own so one rate-limited API never blanks the page. Google's consent page sends the
 * browser back here with `?connected=1` or `?error=<code>`, said once as a toast.
 */
import { useSearchParams } from '@solidjs/router';
import { Match, onMount, Show, Switch } from 'solid-js';
import { usePageTitle } from '../../lib/title';
import { ErrorState } from '../../ui/ErrorState';
import { PageHeader } from '../../ui/PageHeader';
import { Skeleton } from '../../ui/Skeleton';
import { toast } from '../../ui/Toast';
import { messageOf } from '../docker/errors';
import { createLoaded } from '../monitoring/load';
import { getGoogleStatus } from './api';
import { CalendarPanel } from './CalendarPanel';
import { ConnectionPanel } from './ConnectionPanel';
import { DrivePanel } from './DrivePanel';
import { GmailPanel } from './GmailPanel';
import { connectErrorText } from './problems';

export default function GooglePage() {
  usePageTitle('Google');
  const [params, setParams] = useSearchParams<{ connected?: string; error?: string }>();
  const status = createLoaded(getGoogleStatus);

  onMount(() => {
    if (params.connected) toast('Google connected');
    else if (params.error) toast(connectErrorText(params.error), 'danger', 10_000);
    // A reload of the page must not say it again.
    if (params.connected || params.error)
      setParams({ connected: undefined, error: undefined }, { replace: true });
  });

  // A revoked account answers nothing; a failing one may still answer some calls.
  const linked = () => {
    const state = status.value()?.state;
    return state === 'connected' || state === 'error';
  };

  return (
    <div class="flex flex-col gap-6">
      <PageHeader
        title="Google"
        description="Your calendars, unread mail and Drive, through one linked Google account."
      />
      <Switch>
        <Match when={status.value()}>
          {(current) => (
            <>
              <ConnectionPanel status={current()} onChanged={() => void status.reload()} />
              <Show when={linked()}>
                <div class="grid gap-6 xl:grid-cols-2">
                  <CalendarPanel onAccountLost={() => void status.reload()} />
                  <GmailPanel email={current().email} onAccountLost={() => void status.reload()} />
                </div>
                <DrivePanel
                  backupFolderId={current().backupFolderId}
                  onBackupChanged={() => void status.reload()}
                  onAccountLost={() => void status.reload()}
                />
              </Show>
            </>
          )}
        </Match>
        <Match when={status.error()}>
          <div class="glass-panel">
            <ErrorState
              title="Could not load the Google connection"
              message={messageOf(status.error(), 'The server did not answer.')}
              onRetry={() => void status.reload()}
              retrying={status.loading()}
            />
          </div>
        </Match>
        <Match when={true}>
          <div class="glass-panel p-5">
            <Skeleton lines={3} label="Loading the Google connection…" />
          </div>
        </Match>
      </Switch>
    </div>
  );
}

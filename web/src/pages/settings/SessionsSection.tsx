/** Signed-in sessions: which devices are signed in, revoke one, or sign out everywhere else. */
import { createResource, createSignal, For, Match, Show, Switch } from 'solid-js';
import { ApiError, api, unwrap } from '../../api/client';
import type { SessionInfo } from '../../api/types';
import { formatDateTime, formatRelative } from '../../lib/format';
import { describeAgent } from '../../lib/user-agent';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { ErrorState } from '../../ui/ErrorState';
import { Skeleton } from '../../ui/Skeleton';
import { toast } from '../../ui/Toast';
import { settingsChanged } from './changes';

export function SessionsSection() {
  const [sessions, { refetch }] = createResource(
    async () => (await unwrap(api.api.sessions.$get())).sessions,
  );
  const [busyId, setBusyId] = createSignal<string | null>(null);
  const [revokingOthers, setRevokingOthers] = createSignal(false);
  const others = () => (sessions.latest ?? []).filter((s) => !s.current).length;

  const revoke = async (session: SessionInfo) => {
    setBusyId(String(session.id));
    try {
      await unwrap(api.api.sessions[':id'].$delete({ param: { id: String(session.id) } }));
      toast(`Signed out ${describeAgent(session.userAgent)}`);
      void refetch();
      settingsChanged();
    } catch (error) {
      toast(error instanceof ApiError ? error.message : 'Could not revoke the session.', 'danger');
    } finally {
      setBusyId(null);
    }
  };

  const revokeOthers = async () => {
    setRevokingOthers(true);
    try {
      const { revoked } = await unwrap(api.api.sessions['revoke-others'].$post());
      toast(revoked === 1 ? 'Signed out 1 other session' : `Signed out ${revoked} other sessions`);
      void refetch();
      settingsChanged();
    } catch (error) {
      toast(error instanceof ApiError ? error.message : 'Could not sign out the other sessions.', 'danger');
    } finally {
      setRevokingOthers(false);
    }
  };

  return (
    <Card
      id="sessions"
      title="Sessions"
      icon="i-ph-devices"
      actions={
        <Button
          size="sm"
          icon="i-ph-sign-out"
          busy={revokingOthers()}
          disabled={others() === 0}
          onClick={revokeOthers}
        >
          Sign out everywhere else
        </Button>
      }
    >
      <Switch>
        <Match when={sessions.error}>
          <ErrorState
            title="Could not load sessions"
            message={sessions.error instanceof ApiError ? sessions.error.message : undefined}
            onRetry={() => void refetch()}
            retrying={sessions.loading}
          />
        </Match>
        <Match when={!sessions.latest}>
          <Skeleton lines={3} label="Loading sessions…" />
        </Match>
        <Match when={sessions.latest}>
          {(list) => (
            <ul class="flex flex-col divide-y divide-space-600/60">
              <For each={list()}>
                {(session) => (
                  <li class="flex flex-wrap items-center justify-between gap-3 py-3">
                    <div class="flex min-w-0 flex-col">
                      <span class="flex items-center gap-2 font-medium text-ink">
                        {describeAgent(session.userAgent)}
                        <Show when={session.current}>
                          <Badge tone="ok" icon="i-ph-check">
                            This device
                          </Badge>
                        </Show>
                      </span>
                      <span class="text-xs text-ink-muted">
                        {session.ip ?? 'unknown address'} · active {formatRelative(session.lastSeenAt)} ·
                        signed in {formatDateTime(session.createdAt)}
                      </span>
                    </div>
                    <Show
                      when={!session.current}
                      fallback={<span class="text-xs text-ink-muted">Use Sign out to end this one</span>}
                    >
                      <Button
                        size="sm"
                        variant="danger"
                        icon="i-ph-prohibit"
                        aria-label={`Revoke session: ${describeAgent(session.userAgent)}, ${session.ip ?? 'unknown address'}`}
                        busy={busyId() === String(session.id)}
                        onClick={() => void revoke(session)}
                      >
                        Revoke
                      </Button>
                    </Show>
                  </li>
                )}
              </For>
            </ul>
          )}
        </Match>
      </Switch>
    </Card>
  );
}

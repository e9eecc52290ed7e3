/** The signed-in account: who you are, when this session ends, and Sign out. */
import { useNavigate } from '@solidjs/router';
import { createResource, createSignal, Show } from 'solid-js';
import { api, unwrap } from '../../api/client';
import { currentUser, signOut } from '../../auth/session';
import { formatDateTime } from '../../lib/format';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';

export function AccountSection() {
  const navigate = useNavigate();
  const [me] = createResource(() => unwrap(api.api.auth.me.$get()));
  const [busy, setBusy] = createSignal(false);
  const user = () => me.latest?.user ?? currentUser();

  const leave = async () => {
    setBusy(true);
    try {
      await signOut();
    } finally {
      setBusy(false);
      navigate('/login', { replace: true });
    }
  };

  return (
    <Card id="account" title="Account" icon="i-ph-user-circle">
      <dl class="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-3">
        <div>
          <dt class="text-ink-muted">Username</dt>
          <dd class="font-medium text-ink">{user()?.username ?? '—'}</dd>
        </div>
        <div>
          <dt class="text-ink-muted">Role</dt>
          <dd>
            <Show when={user()?.role} fallback="—">
              {(role) => <Badge tone={role() === 'owner' ? 'info' : 'neutral'}>{role()}</Badge>}
            </Show>
          </dd>
        </div>
        <div>
          <dt class="text-ink-muted">Member since</dt>
          <dd class="text-ink">{formatDateTime(user()?.createdAt)}</dd>
        </div>
      </dl>
      <div class="flex flex-wrap items-center justify-between gap-3 border-t border-space-600/60 pt-4">
        <p class="text-sm text-ink-muted">
          <Show when={me.latest?.session} fallback="This browser is signed in.">
            {(session) =>
              `This session stays signed in until ${formatDateTime(session().expiresAt)} unless you sign out.`
            }
          </Show>
        </p>
        <Button variant="primary" icon="i-ph-sign-out" busy={busy()} onClick={leave}>
          Sign out
        </Button>
      </div>
    </Card>
  );
}

/**
 * Sign-in. Shows the server's own message for wrong credentials, and after too many attempts
 * counts down the Retry-After time with the button disabled until it has passed.
 */
import { useNavigate, useSearchParams } from '@solidjs/router';
import { createSignal, onCleanup, onMount, Show } from 'solid-js';
import { ApiError, api, unwrap } from '../../api/client';
import { AuthCard } from '../../auth/AuthCard';
import { safeNext, setCurrentUser } from '../../auth/session';
import { usePageTitle } from '../../lib/title';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { Field } from '../../ui/Field';
import { waitText } from './retry-text';

export default function LoginPage() {
  usePageTitle('Sign in');
  const navigate = useNavigate();
  const [search] = useSearchParams();
  const [username, setUsername] = createSignal('');
  const [password, setPassword] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<ApiError | null>(null);
  const [waitUntil, setWaitUntil] = createSignal(0);
  const [now, setNow] = createSignal(Date.now());

  const timer = setInterval(() => setNow(Date.now()), 1000);
  onCleanup(() => clearInterval(timer));
  const secondsLeft = () => Math.max(0, Math.ceil((waitUntil() - now()) / 1000));

  // A fresh install has nobody to sign in as yet.
  onMount(async () => {
    try {
      const { needsSetup } = await unwrap(api.api.auth.setup.$get());
      if (needsSetup) navigate('/setup', { replace: true });
    } catch {
      // The form still works, and its own request will report a server that is down.
    }
  });

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (busy() || secondsLeft() > 0) return;
    setBusy(true);
    setError(null);
    try {
      const { user } = await unwrap(
        api.api.auth.login.$post({ json: { username: username().trim(), password: password() } }),
        { expectUnauthorized: true },
      );
      setCurrentUser(user);
      navigate(safeNext(search.next), { replace: true });
    } catch (caught) {
      const apiError =
        caught instanceof ApiError ? caught : new ApiError(0, 'unknown', 'Sign-in failed. Try again.');
      if (apiError.status === 429) {
        setNow(Date.now());
        setWaitUntil(Date.now() + (apiError.retryAfter ?? 60) * 1000);
      }
      setError(apiError);
    } finally {
      setBusy(false);
    }
  };

  const title = () => {
    const e = error();
    if (!e) return '';
    if (e.status === 429) return 'Too many sign-in attempts';
    if (e.status === 401) return 'Could not sign you in';
    return 'Sign-in is unavailable';
  };

  return (
    <AuthCard title="Sign in" subtitle="Welcome back to mission control.">
      <Show when={error()}>
        {(e) => (
          <Banner tone="danger" title={title()}>
            <p>{e().message}</p>
            {/* Fixed text: the alert is announced, so it must not tick; the button counts down instead. */}
            <Show when={e().status === 429}>
              <p>You can try again in {waitText(e().retryAfter ?? 60)}.</p>
            </Show>
          </Banner>
        )}
      </Show>
      <form class="flex flex-col gap-4" onSubmit={submit} noValidate>
        <Field
          label="Username"
          name="username"
          autocomplete="username"
          autocapitalize="none"
          spellcheck={false}
          required
          autofocus
          value={username()}
          onInput={(e) => setUsername(e.currentTarget.value)}
          error={error()?.fields.username}
        />
        <Field
          label="Password"
          name="password"
          type="password"
          autocomplete="current-password"
          required
          value={password()}
          onInput={(e) => setPassword(e.currentTarget.value)}
          error={error()?.fields.password}
        />
        <Button
          type="submit"
          variant="primary"
          icon="i-ph-sign-in"
          busy={busy()}
          disabled={secondsLeft() > 0}
          class="mt-1 w-full"
        >
          {busy() ? 'Signing in…' : secondsLeft() > 0 ? `Wait ${waitText(secondsLeft())}` : 'Sign in'}
        </Button>
      </form>
    </AuthCard>
  );
}

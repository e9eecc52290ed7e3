/**
 * First run: create the owner account. Only reachable while the server has no owner; it signs the
 * new owner in and opens the overview.
 */
import { A, useNavigate } from '@solidjs/router';
import { createSignal, onMount, Show } from 'solid-js';
import { ApiError, api, unwrap } from '../../api/client';
import { AuthCard } from '../../auth/AuthCard';
import { setCurrentUser } from '../../auth/session';
import { usePageTitle } from '../../lib/title';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { Field } from '../../ui/Field';
import { minPasswordLength, passwordStrength } from './strength';

const strengthColours = ['text-ink-muted', 'text-warn-300', 'text-cyan-300', 'text-ok-300'] as const;

export default function SetupPage() {
  usePageTitle('First-run setup');
  const navigate = useNavigate();
  const [username, setUsername] = createSignal('');
  const [password, setPassword] = createSignal('');
  const [confirm, setConfirm] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const [submitted, setSubmitted] = createSignal(false);
  const [error, setError] = createSignal<ApiError | null>(null);

  onMount(async () => {
    try {
      const { needsSetup } = await unwrap(api.api.auth.setup.$get());
      if (!needsSetup) navigate('/login', { replace: true });
    } catch {
      // Shown by the submit if the server is really down.
    }
  });

  const strength = () => passwordStrength(password());
  // Client checks only after a first submit, so nobody is scolded while still typing.
  const usernameError = () =>
    error()?.fields.username ?? (submitted() && !username().trim() ? 'Choose a username.' : undefined);
  const passwordError = () =>
    error()?.fields.password ??
    (submitted() && password().length < minPasswordLength
      ? `Use at least ${minPasswordLength} characters.`
      : undefined);
  const confirmError = () =>
    submitted() && confirm() !== password() ? 'The two passwords do not match.' : undefined;

  let form!: HTMLFormElement;
  const focusFirstInvalid = () => form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (busy()) return;
    setSubmitted(true);
    setError(null);
    if (usernameError() || passwordError() || confirmError()) {
      focusFirstInvalid();
      return;
    }
    setBusy(true);
    try {
      const { user } = await unwrap(
        api.api.auth.setup.$post({ json: { username: username().trim(), password: password() } }),
      );
      setCurrentUser(user);
      navigate('/', { replace: true });
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, 'unknown', 'Setup failed. Try again.'));
      focusFirstInvalid();
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthCard title="Welcome to HomeLabHub" subtitle="Create the owner account. You can invite others later.">
      <Show when={error()}>
        {(e) => (
          <Banner
            tone="danger"
            title={e().status === 409 ? 'Already set up' : 'Could not create the account'}
          >
            <p>{e().message}</p>
            <Show when={e().status === 409}>
              <A href="/login" class="text-cyan-300 underline">
                Go to sign-in
              </A>
            </Show>
          </Banner>
        )}
      </Show>
      <form ref={form} class="flex flex-col gap-4" onSubmit={submit} noValidate>
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
          error={usernameError()}
        />
        <Field
          label="Password"
          name="password"
          type="password"
          autocomplete="new-password"
          required
          minLength={minPasswordLength}
          value={password()}
          onInput={(e) => setPassword(e.currentTarget.value)}
          error={passwordError()}
          hint={<span class={strengthColours[strength().level]}>{strength().text}</span>}
        />
        <Field
          label="Confirm password"
          name="confirm"
          type="password"
          autocomplete="new-password"
          required
          value={confirm()}
          onInput={(e) => setConfirm(e.currentTarget.value)}
          error={confirmError()}
        />
        <Button type="submit" variant="primary" icon="i-ph-rocket-launch" busy={busy()} class="mt-1 w-full">
          {busy() ? 'Creating account…' : 'Create owner account'}
        </Button>
      </form>
    </AuthCard>
  );
}

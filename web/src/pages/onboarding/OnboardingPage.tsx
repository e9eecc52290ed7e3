/**
 * /studio/welcome: the first-run wizard (signed in → link platforms → choose features → test in
 * chat). Every move saves the step on the server, so reopening the studio continues where the
 * streamer left, on any device.
 */
import { A, useNavigate } from '@solidjs/router';
import { createResource, createSignal, For, Match, Show, Switch } from 'solid-js';
import { ApiError } from '../../api/client';
import { usePageTitle } from '../../lib/title';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorState } from '../../ui/ErrorState';
import { CheckboxField, SelectField } from '../../ui/Field';
import { PageHeader } from '../../ui/PageHeader';
import { PageLoading } from '../../ui/Skeleton';
import { toast } from '../../ui/Toast';
import { streamAuthUrl } from '../stream/api';
import { useStudio } from '../stream/context';
import {
  featureSettings,
  finishOnboarding,
  getOnboarding,
  type Onboarding,
  type OnboardingFeature,
  type OnboardingStep,
  onboardingFeatures,
  onboardingSteps,
  saveOnboarding,
  sendTestMessage,
  setFeatureEnabled,
} from './api';
import { featureLabels, linkable, songsNotice, stepLabels } from './steps';

const messageOf = (error: unknown, fallback: string) =>
  error instanceof ApiError ? error.message : fallback;

export default function OnboardingPage() {
  usePageTitle('Welcome · Stream studio');
  const [progress, { refetch, mutate }] = createResource(getOnboarding);

  return (
    <>
      <PageHeader
        title="Welcome to the stream studio"
        description="Four short steps and SnappleBot is in your chat. You can leave any time: the studio remembers where you were."
      />
      <Switch>
        <Match when={progress.state === 'errored'}>
          <section class="glass-panel p-5">
            <ErrorState
              title="Can't load your setup"
              message={messageOf(progress.error, 'The server did not answer.')}
              onRetry={() => refetch()}
              retrying={progress.loading}
            />
          </section>
        </Match>
        <Match when={progress.state === 'ready' && progress()}>
          {(loaded) => <Wizard initial={loaded()} onChange={(next) => mutate(next)} />}
        </Match>
        <Match when={progress.loading}>
          <PageLoading label="Loading your setup…" />
        </Match>
      </Switch>
    </>
  );
}

function Wizard(props: { initial: Onboarding; onChange: (next: Onboarding) => void }) {
  const studio = useStudio();
  const navigate = useNavigate();
  const data = () => props.initial;
  const [step, setStep] = createSignal<OnboardingStep>(props.initial.step);
  const [features, setFeatures] = createSignal<OnboardingFeature[]>(props.initial.features);
  const [saving, setSaving] = createSignal(false);
  const [finishing, setFinishing] = createSignal(false);
  const index = () => onboardingSteps.indexOf(step());
  let panel: HTMLElement | undefined;

  const goTo = async (next: OnboardingStep) => {
    setSaving(true);
    try {
      props.onChange(await saveOnboarding(next, features()));
      setStep(next);
      // Moves focus to the new step's heading so keyboard and screen-reader users land on it.
      queueMicrotask(() => panel?.focus());
    } catch (error) {
      toast(messageOf(error, 'Could not save your progress.'), 'danger');
    } finally {
      setSaving(false);
    }
  };

  const finish = async () => {
    setFinishing(true);
    try {
      await finishOnboarding();
      navigate('/studio');
    } catch (error) {
      toast(messageOf(error, 'Could not finish the setup.'), 'danger');
    } finally {
      setFinishing(false);
    }
  };

  const nav = (
    <div class="flex flex-wrap items-center gap-2 border-t border-space-600/60 pt-4">
      <Show when={index() > 0}>
        <Button
          variant="ghost"
          icon="i-ph-arrow-left"
          onClick={() => void goTo(onboardingSteps[index() - 1]!)}
        >
          Back
        </Button>
      </Show>
      <div class="ml-auto flex flex-wrap gap-2">
        <Show
          when={index() < onboardingSteps.length - 1}
          fallback={
            <Button icon="i-ph-confetti" busy={finishing()} onClick={() => void finish()}>
              Finish and open the studio
            </Button>
          }
        >
          <Button variant="ghost" busy={finishing()} onClick={() => void finish()}>
            Skip setup
          </Button>
          <Button
            icon="i-ph-arrow-right"
            busy={saving()}
            onClick={() => void goTo(onboardingSteps[index() + 1]!)}
          >
            Next: {stepLabels[onboardingSteps[index() + 1]!]}
          </Button>
        </Show>
      </div>
    </div>
  );

  return (
    <div class="flex flex-col gap-4">
      <nav aria-label="Setup progress">
        <ol class="flex flex-wrap gap-2">
          <For each={onboardingSteps}>
            {(name, i) => (
              <li>
                <button
                  type="button"
                  class="candy-step"
                  classList={{ 'candy-step-done': i() < index() }}
                  aria-current={name === step() ? 'step' : undefined}
                  disabled={saving()}
                  onClick={() => name !== step() && void goTo(name)}
                >
                  <span class="candy-step-number" aria-hidden="true">
                    {i() < index() ? '✓' : i() + 1}
                  </span>
                  <span class="sr-only">
                    Step {i() + 1} of {onboardingSteps.length}:{' '}
                  </span>
                  {stepLabels[name]}
                </button>
              </li>
            )}
          </For>
        </ol>
      </nav>

      <section
        ref={panel}
        tabIndex={-1}
        aria-labelledby="onboarding-step-title"
        class="glass-panel flex flex-col gap-4 p-5 outline-none"
      >
        <h2 id="onboarding-step-title" class="text-lg font-semibold text-ink">
          {stepLabels[step()]}
        </h2>
        <Switch>
          <Match when={step() === 'account'}>
            <p class="text-ink">
              You are signed in as <strong>{studio.me().user.username}</strong>, and your studio is{' '}
              <strong>{studio.me().tenant.displayName}</strong>.
            </p>
            <p class="text-sm text-ink-muted">
              Next, link the platforms you stream on, so the bot can chat there.
            </p>
          </Match>
          <Match when={step() === 'platforms'}>
            <PlatformsStep linked={data().linked} />
          </Match>
          <Match when={step() === 'features'}>
            <FeaturesStep
              chosen={features()}
              onChange={async (next) => {
                setFeatures(next);
                try {
                  props.onChange(await saveOnboarding(step(), next));
                } catch (error) {
                  toast(messageOf(error, 'Could not save your choice.'), 'danger');
                }
              }}
            />
          </Match>
          <Match when={step() === 'test'}>
            <TestStep data={data()} onSent={props.onChange} />
          </Match>
        </Switch>
        {nav}
      </section>
    </div>
  );
}

function PlatformsStep(props: { linked: Onboarding['linked'] }) {
  const account = (provider: string) => props.linked.find((a) => a.provider === provider);
  return (
    <>
      <p class="text-sm text-ink-muted">
        Each button opens the platform's sign-in and brings you back here. Link at least one to chat.
      </p>
      <ul class="grid gap-3 sm:grid-cols-2">
        <For each={linkable}>
          {(platform) => (
            <li class="candy-tile flex flex-col gap-2 p-4">
              <div class="flex items-center gap-2 font-medium text-ink">
                <span class={`${platform.icon} text-xl text-violet-300`} aria-hidden="true" />
                {platform.name}
                <Show when={account(platform.provider)}>
                  {(a) => (
                    <span class={a().state === 'connected' ? 'badge-ok ml-auto' : 'badge-warn ml-auto'}>
                      {a().state === 'connected' ? `Linked as ${a().username}` : 'Needs reconnecting'}
                    </span>
                  )}
                </Show>
              </div>
              <p class="text-sm text-ink-muted">{platform.why}</p>
              <a
                href={streamAuthUrl(platform.provider, '/studio/welcome')}
                class="btn-ghost btn-sm self-start"
                rel="external"
              >
                {account(platform.provider)?.state === 'connected' ? 'Relink' : 'Link'} {platform.name}
              </a>
            </li>
          )}
        </For>
      </ul>
    </>
  );
}

function FeaturesStep(props: {
  chosen: OnboardingFeature[];
  onChange: (next: OnboardingFeature[]) => unknown;
}) {
  const [busy, setBusy] = createSignal<OnboardingFeature | null>(null);
  // Shown at once; a refused change flips back, so the box never claims a setting the bot lacks.
  const [shown, setShown] = createSignal(props.chosen);
  const toggle = async (feature: OnboardingFeature, on: boolean) => {
    const part = featureSettings[feature];
    const before = shown();
    const next = on ? [...before, feature] : before.filter((f) => f !== feature);
    setShown(next);
    setBusy(feature);
    try {
      if (part) await setFeatureEnabled(part, on);
      await props.onChange(next);
    } catch (error) {
      setShown(before);
      toast(messageOf(error, `Could not switch ${featureLabels[feature].name}.`), 'danger');
    } finally {
      setBusy(null);
    }
  };
  return (
    <fieldset class="flex flex-col gap-3">
      <legend class="mb-2 text-sm text-ink-muted">
        Pick what you want now; every feature has its own studio page to fine-tune or switch later.
      </legend>
      <div class="grid gap-3 sm:grid-cols-2">
        <For each={onboardingFeatures}>
          {(feature) => (
            <CheckboxField
              class="candy-tile p-3"
              label={featureLabels[feature].name}
              hint={featureLabels[feature].why}
              checked={shown().includes(feature)}
              disabled={busy() === feature}
              onChange={(on) => void toggle(feature, on)}
            />
          )}
        </For>
      </div>
      <Show when={shown().includes('songs')}>
        <Banner title={songsNotice.title}>
          {songsNotice.before}{' '}
          <A href="/studio/songs" class="underline underline-offset-2">
            {songsNotice.link}
          </A>{' '}
          {songsNotice.after}
        </Banner>
      </Show>
    </fieldset>
  );
}

function TestStep(props: { data: Onboarding; onSent: (next: Onboarding) => void }) {
  const [channelId, setChannelId] = createSignal(
    props.data.testChannelId ?? props.data.channels[0]?.id ?? '',
  );
  const [sending, setSending] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const send = async () => {
    setSending(true);
    setError(null);
    try {
      props.onSent(await sendTestMessage(channelId()));
    } catch (failure) {
      setError(messageOf(failure, 'The message did not go out.'));
    } finally {
      setSending(false);
    }
  };
  return (
    <Show
      when={props.data.channels.length > 0}
      fallback={
        <EmptyState title="No channel yet" icon="i-ph-plugs">
          Link Twitch, YouTube or Kick in the previous step; your channel shows up here once the platform
          answers.
        </EmptyState>
      }
    >
      <p class="text-sm text-ink-muted">
        The bot posts “SnappleBot is here! Type !hello to try me.” in the channel you pick. Open your chat and
        try it.
      </p>
      <div class="flex flex-wrap items-end gap-3">
        <div class="min-w-60">
          <SelectField
            label="Channel"
            value={channelId()}
            onChange={setChannelId}
            options={props.data.channels.map((c) => ({
              value: c.id,
              label: `${c.displayName} (${c.platform})`,
            }))}
          />
        </div>
        <Button
          icon="i-ph-paper-plane-tilt"
          busy={sending()}
          disabled={!channelId()}
          onClick={() => void send()}
        >
          Send test message
        </Button>
      </div>
      <Show when={error()}>
        <Banner tone="danger" title="Could not send the test message">
          {error()}
        </Banner>
      </Show>
      <div role="status">
        <Show when={props.data.tested && !error()}>
          <p class="flex items-center gap-2 text-ok-300">
            <span class="i-ph-check-circle" aria-hidden="true" />
            Sent!{' '}
            <A href="/studio/chat" class="underline underline-offset-2">
              Watch it in the Chat page
            </A>
          </p>
        </Show>
      </div>
    </Show>
  );
}

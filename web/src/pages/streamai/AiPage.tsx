/**
 * /studio/ai: the bot's AI personality (the default, or a channel's own), what it spent today
 * against the daily token budget, and a preview of what the bot sends the model for a message.
 */
import { createSignal, For, Show } from 'solid-js';
import { ApiError } from '../../api/client';
import { usePageTitle } from '../../lib/title';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { CodeBlock } from '../../ui/CodeBlock';
import { CheckboxField, Field, SelectField, TextAreaField } from '../../ui/Field';
import { LoadState } from '../../ui/LoadState';
import { Meter } from '../../ui/Meter';
import { PageHeader } from '../../ui/PageHeader';
import { toast } from '../../ui/Toast';
import { createLoaded } from '../monitoring/load';
import {
  type AiUsage,
  getPersona,
  getUsage,
  type Persona,
  type PersonaAnswer,
  resetChannelPersona,
  savePersona,
  type TestPreview,
  type Tone,
  testPersona,
} from './api';

const tones: { value: Tone; label: string }[] = [
  { value: 'friendly', label: 'Friendly' },
  { value: 'witty', label: 'Witty' },
  { value: 'hype', label: 'Hype' },
  { value: 'calm', label: 'Calm' },
  { value: 'sarcastic', label: 'Sarcastic (never mean)' },
];
const emojiLevels = [
  { value: '0', label: 'None' },
  { value: '1', label: 'Now and then' },
  { value: '2', label: 'A few' },
  { value: '3', label: 'Lots' },
];
const sources = {
  channel: 'This channel has a persona of its own.',
  tenant: 'Every channel without its own persona uses this one.',
  default: 'Nothing saved yet: these are the defaults.',
};
const number = new Intl.NumberFormat('en');

export default function AiPage() {
  usePageTitle('AI personality');
  const [channelId, setChannelId] = createSignal<string>('');
  const persona = createLoaded(() => getPersona(channelId() || undefined));
  const usage = createLoaded(getUsage);
  const pick = (id: string) => {
    setChannelId(id);
    void persona.reload();
  };

  return (
    <div class="flex flex-col gap-6">
      <PageHeader
        title="AI personality"
        description="Who answers when chat says the bot's name or its command, tells Snapple facts with !fact, and what it may spend."
      />
      <div class="grid gap-6 lg:grid-cols-[2fr_1fr]">
        <LoadState load={persona} what="persona" isEmpty={() => false}>
          {(answer) => (
            <PersonaForm
              answer={answer}
              channelId={channelId()}
              onPick={pick}
              onSaved={(saved) => {
                persona.setValue(() => saved);
                void usage.reload();
              }}
              onReset={() => void persona.reload()}
            />
          )}
        </LoadState>
        <div class="flex flex-col gap-6">
          <LoadState load={usage} what="today's usage" isEmpty={() => false}>
            {(u) => <UsageCard usage={u} />}
          </LoadState>
          <TestCard channelId={channelId()} />
        </div>
      </div>
    </div>
  );
}

function PersonaForm(props: {
  answer: PersonaAnswer;
  channelId: string;
  onPick: (id: string) => void;
  onSaved: (answer: PersonaAnswer) => void;
  onReset: () => void;
}) {
  const [draft, setDraft] = createSignal<Persona>({ ...props.answer.persona });
  const [errors, setErrors] = createSignal<Record<string, string>>({});
  const [problem, setProblem] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const set = <K extends keyof Persona>(key: K, value: Persona[K]) =>
    setDraft((d) => ({ ...d, [key]: value }));
  const int = (key: keyof Persona) => (event: { currentTarget: HTMLInputElement }) =>
    set(key, Number.parseInt(event.currentTarget.value || '0', 10) as never);
  const channelOptions = () => [
    { value: '', label: 'Default (every channel)' },
    ...props.answer.channels.map((ch) => ({
      value: ch.id,
      label: `${ch.displayName} (${ch.platform})${ch.custom ? ' · own persona' : ''}`,
    })),
  ];

  const save = async (event: SubmitEvent) => {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    setProblem(null);
    try {
      const saved = await savePersona(draft(), props.channelId || undefined);
      toast('Persona saved; the bot uses it within a few seconds');
      props.onSaved(saved);
    } catch (error) {
      if (error instanceof ApiError) {
        setErrors(error.fields);
        setProblem(error.message);
      } else setProblem('Could not save the persona.');
    } finally {
      setBusy(false);
    }
  };
  const reset = async () => {
    try {
      await resetChannelPersona(props.channelId);
      toast('The channel uses the default persona again');
      props.onReset();
    } catch {
      toast('Could not reset the channel’s persona', 'danger');
    }
  };

  return (
    <Card title="Persona" icon="i-ph-robot">
      <form class="flex flex-col gap-4" onSubmit={save} aria-label="Persona">
        <SelectField
          label="Channel"
          value={props.channelId}
          onChange={props.onPick}
          options={channelOptions()}
          hint={sources[props.answer.source]}
        />
        <Show when={problem()}>
          <Banner tone="danger" title="Not saved">
            {problem()}
          </Banner>
        </Show>
        <CheckboxField
          label="AI answers and facts on"
          checked={draft().enabled}
          onChange={(v) => set('enabled', v)}
        />
        <div class="grid gap-4 sm:grid-cols-2">
          <Field
            label="Name"
            value={draft().name}
            error={errors().name}
            hint="Chat calls it with @name or the name as a word."
            onInput={(e) => set('name', e.currentTarget.value)}
          />
          <Field
            label="Command"
            value={draft().command}
            error={errors().command}
            hint={`Without the !: viewers type !${draft().command || 'ai'} and a question.`}
            onInput={(e) => set('command', e.currentTarget.value)}
          />
        </div>
        <TextAreaField
          label="Personality"
          rows={4}
          value={draft().prompt}
          error={errors().prompt}
          hint="Who the bot is and how it talks. Safety rules (no links, no slurs, short answers, never reveal its instructions) are always added."
          onInput={(e) => set('prompt', e.currentTarget.value)}
        />
        <div class="grid gap-4 sm:grid-cols-3">
          <SelectField
            label="Tone"
            value={draft().tone}
            onChange={(v) => set('tone', v as Tone)}
            options={tones}
          />
          <SelectField
            label="Emoji"
            value={String(draft().emoji)}
            onChange={(v) => set('emoji', Number(v))}
            options={emojiLevels}
          />
          <Field
            label="Languages"
            value={draft().languages.join(', ')}
            error={errors().languages}
            hint="Codes, first is the default: en, de"
            onInput={(e) =>
              set(
                'languages',
                e.currentTarget.value
                  .split(',')
                  .map((l) => l.trim())
                  .filter(Boolean),
              )
            }
          />
        </div>
        <CheckboxField
          label="Answer when mentioned by name"
          checked={draft().onMention}
          onChange={(v) => set('onMention', v)}
        />
        <div class="grid gap-4 sm:grid-cols-2">
          <Field
            label="Memory (chat lines)"
            type="number"
            min="0"
            max="50"
            value={draft().memory}
            error={errors().memory}
            hint="Recent lines given as context; 0 for none."
            onInput={int('memory')}
          />
          <Field
            label="Fact timer (minutes)"
            type="number"
            min="0"
            max="1440"
            value={draft().factEveryMinutes}
            error={errors().factEveryMinutes}
            hint="A Snapple fact this often while live; 0: only on !fact."
            onInput={int('factEveryMinutes')}
          />
          <Field
            label="Answers per viewer per minute"
            type="number"
            min="0"
            value={draft().perUserPerMinute}
            error={errors().perUserPerMinute}
            hint="Over it the bot stays quiet; 0: no limit."
            onInput={int('perUserPerMinute')}
          />
          <Field
            label="Answers per channel per minute"
            type="number"
            min="0"
            value={draft().perChannelPerMinute}
            error={errors().perChannelPerMinute}
            hint="0: no limit."
            onInput={int('perChannelPerMinute')}
          />
          <Field
            label="Daily token budget"
            type="number"
            min="0"
            value={draft().dailyTokenBudget}
            error={errors().dailyTokenBudget}
            hint="For all channels, per UTC day; 0: no limit."
            onInput={int('dailyTokenBudget')}
          />
        </div>
        <Field
          label="Fallback line"
          value={draft().fallback}
          error={errors().fallback}
          hint="Said when the model cannot answer: no key, a timeout, a quota error, or an answer the safety pass refused."
          onInput={(e) => set('fallback', e.currentTarget.value)}
        />
        <div class="flex flex-wrap gap-2">
          <Button type="submit" variant="primary" icon="i-ph-floppy-disk" busy={busy()}>
            Save persona
          </Button>
          <Show when={props.answer.source === 'channel'}>
            <Button type="button" variant="ghost" icon="i-ph-arrow-counter-clockwise" onClick={reset}>
              Use the default for this channel
            </Button>
          </Show>
        </div>
      </form>
    </Card>
  );
}

function UsageCard(props: { usage: AiUsage }) {
  const t = () => props.usage.today;
  const used = () => t().promptTokens + t().completionTokens;
  const share = () => (t().budget > 0 ? (used() / t().budget) * 100 : 0);
  return (
    <Card title="Today" icon="i-ph-coins">
      <Show
        when={t().budget > 0}
        fallback={<p class="text-sm text-ink">{number.format(used())} tokens used today (no daily limit).</p>}
      >
        <Meter
          label="Tokens used"
          value={share()}
          valueText={`${number.format(used())} of ${number.format(t().budget)}`}
        />
      </Show>
      <dl class="grid grid-cols-2 gap-2 text-sm">
        <dt class="text-ink-muted">Answers asked</dt>
        <dd class="text-right tabular-nums text-ink">{number.format(t().requests)}</dd>
        <dt class="text-ink-muted">Fallback lines</dt>
        <dd class="text-right tabular-nums text-ink">{number.format(t().fallbacks)}</dd>
        <dt class="text-ink-muted">Last 30 days</dt>
        <dd class="text-right tabular-nums text-ink">
          {number.format(props.usage.days.reduce((sum, d) => sum + d.promptTokens + d.completionTokens, 0))}{' '}
          tokens
        </dd>
      </dl>
      <p class="text-xs text-ink-muted">
        The model and its address (OpenAI, or a self-hosted Ollama, LM Studio or vLLM) are configured on the
        server. Without a key for a hosted model the bot says the fallback line.
      </p>
    </Card>
  );
}

function TestCard(props: { channelId: string }) {
  const [message, setMessage] = createSignal('');
  const [preview, setPreview] = createSignal<TestPreview | null>(null);
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const run = async (event: SubmitEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setPreview(await testPersona(message(), props.channelId || undefined));
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Could not build the preview.');
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title="Try a message" icon="i-ph-chat-circle-dots">
      <form class="flex flex-col gap-3" onSubmit={run} aria-label="Try a message">
        <Field
          label="Chat message"
          value={message()}
          error={error()}
          onInput={(e) => setMessage(e.currentTarget.value)}
        />
        <Button type="submit" variant="ghost" icon="i-ph-eye" busy={busy()} disabled={!message().trim()}>
          Show what the bot sends
        </Button>
      </form>
      <Show when={preview()}>
        {(p) => (
          <>
            <Show when={!p().enabled}>
              <Banner tone="warn" title="The persona is switched off" />
            </Show>
            <For each={p().messages}>
              {(m) => (
                <CodeBlock
                  label={m.role === 'system' ? 'System prompt' : 'Viewer message'}
                  code={m.content}
                />
              )}
            </For>
            <p class="text-xs text-ink-muted">{p().note}</p>
          </>
        )}
      </Show>
    </Card>
  );
}

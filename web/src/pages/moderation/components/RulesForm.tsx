/**
 * The moderation settings: rule filters, banned words, exemptions, escalation steps, AI thresholds
 * per category and anti-raid. One draft of the whole `moderation` part, saved with PATCH (it merges
 * into the bot's other settings; the API's zod answers out-of-range values field by field).
 */
import { createSignal, For, type JSX, Show } from 'solid-js';
import { createStore, type SetStoreFunction, unwrap } from 'solid-js/store';
import { createApiForm, FormError } from '../../../ui/ApiForm';
import { Button } from '../../../ui/Button';
import { Card } from '../../../ui/Card';
import { CheckboxField, Field, SelectField, TextAreaField } from '../../../ui/Field';
import { toast } from '../../../ui/Toast';
import type { EscalationStep, ModActionKind, ModerationSettings, UserLevel } from '../api';
import { patchModerationSettings } from '../api';

const levels: { value: UserLevel; label: string }[] = [
  { value: 'follower', label: 'Followers and up' },
  { value: 'subscriber', label: 'Subscribers and up' },
  { value: 'vip', label: 'VIPs and up' },
  { value: 'moderator', label: 'Moderators and up' },
  { value: 'broadcaster', label: 'Only you' },
];
const actions: { value: ModActionKind; label: string }[] = [
  { value: 'warn', label: 'Warn in chat' },
  { value: 'delete', label: 'Delete the message' },
  { value: 'timeout', label: 'Time out' },
  { value: 'ban', label: 'Ban' },
];
/** The moderation endpoint's categories a streamer can set a threshold for. */
export const aiCategories = [
  'harassment',
  'harassment/threatening',
  'hate',
  'hate/threatening',
  'sexual',
  'sexual/minors',
  'violence',
  'violence/graphic',
  'self-harm',
  'illicit',
] as const;

function NumberField(props: {
  label: string;
  hint?: string;
  value: number;
  min: number;
  max: number;
  onChange: (n: number) => void;
}) {
  return (
    <Field
      label={props.label}
      hint={props.hint}
      type="number"
      min={String(props.min)}
      max={String(props.max)}
      value={String(props.value)}
      onInput={(e) => props.onChange(Number(e.currentTarget.value))}
    />
  );
}

function Group(props: { title: string; children: JSX.Element }) {
  return (
    <fieldset class="flex flex-col gap-3 rounded-control border border-space-600 p-4">
      <legend class="px-1 text-sm font-semibold text-ink">{props.title}</legend>
      {props.children}
    </fieldset>
  );
}

/** The rules with an on switch and number limits: `links`, `caps`, … and `antiRaid`. */
type Rule = 'links' | 'caps' | 'symbols' | 'emotes' | 'repetition' | 'length' | 'antiRaid';
type LimitKey<R extends Rule> = {
  [K in keyof ModerationSettings[R]]: ModerationSettings[R][K] extends number ? K : never;
}[keyof ModerationSettings[R]];
interface Limit<R extends Rule> {
  key: LimitKey<R>;
  label: string;
  min: number;
  max: number;
}

/** One rule: its switch, whatever `children` adds, then its limits (side by side when `grid` is set). */
function RuleSection<R extends Rule>(props: {
  rule: R;
  label: string;
  hint?: string;
  limits: readonly Limit<R>[];
  grid?: string;
  draft: ModerationSettings;
  set: SetStoreFunction<ModerationSettings>;
  children?: JSX.Element;
}) {
  // The store's setter cannot follow a key chosen at run time; `rule` and `key` are checked above.
  const put = (key: string, value: number | boolean) => props.set(props.rule, key as never, value as never);
  const limits = () => (
    <For each={props.limits}>
      {(limit) => (
        <NumberField
          label={limit.label}
          value={props.draft[props.rule][limit.key] as number}
          min={limit.min}
          max={limit.max}
          onChange={(n) => put(limit.key as string, n)}
        />
      )}
    </For>
  );
  return (
    <>
      <CheckboxField
        label={props.label}
        hint={props.hint}
        checked={props.draft[props.rule].enabled}
        onChange={(v) => put('enabled', v)}
      />
      {props.children}
      <Show when={props.grid} fallback={limits()}>
        <div class={props.grid}>{limits()}</div>
      </Show>
    </>
  );
}

export function RulesForm(props: {
  initial: ModerationSettings;
  onSaved: (next: ModerationSettings) => void;
}) {
  const [draft, set] = createStore<ModerationSettings>(structuredClone(props.initial));
  const form = createApiForm({ failure: 'Could not save the moderation settings.', fields: [] });
  const lines = (text: string) =>
    text
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);

  // The lists are edited as text and split on save, so typing a new line is not undone mid-edit.
  const [allowText, setAllowText] = createSignal(props.initial.links.allow.join('\n'));
  const [bannedText, setBannedText] = createSignal(props.initial.banned.join('\n'));

  const submit = form.handleSubmit(async () => {
    const next = structuredClone(unwrap(draft));
    next.links.allow = lines(allowText().toLowerCase());
    next.banned = lines(bannedText());
    const saved = await patchModerationSettings(next);
    props.onSaved(saved);
    toast('Moderation settings saved');
  });

  const setStep = (index: number, step: Partial<EscalationStep>) =>
    set('escalation', 'steps', index, (s) => {
      const next = { ...s, ...step };
      if (next.action !== 'timeout') delete next.durationS;
      else next.durationS ??= 600;
      return next;
    });

  return (
    <form class="flex flex-col gap-6" onSubmit={submit} noValidate>
      <FormError form={form} title="Could not save the moderation settings" />
      <Card title="Rules" icon="i-ph-shield-check">
        <CheckboxField
          label="Moderation on"
          hint="Off: the bot deletes, times out and bans nobody (anti-raid has its own switch)."
          checked={draft.enabled}
          onChange={(v) => set('enabled', v)}
        />
        <div class="grid gap-4 sm:grid-cols-2">
          <SelectField
            label="Never moderate"
            value={draft.exemptLevel}
            options={levels}
            onChange={(v) => set('exemptLevel', v as UserLevel)}
          />
          <CheckboxField
            label="Stricter with first-time chatters"
            hint="Their limits are halved."
            checked={draft.firstTimeStrict}
            onChange={(v) => set('firstTimeStrict', v)}
          />
        </div>
        <div class="grid gap-4 lg:grid-cols-2">
          <Group title="Links">
            <RuleSection
              rule="links"
              label="Block links"
              limits={[{ key: 'permitS', label: '!permit lasts (seconds)', min: 1, max: 3600 }]}
              draft={draft}
              set={set}
            >
              <TextAreaField
                label="Allowed sites"
                hint="One host a line; subdomains are included."
                rows={3}
                value={allowText()}
                onInput={(e) => setAllowText(e.currentTarget.value)}
              />
            </RuleSection>
          </Group>
          <Group title="Capitals">
            <RuleSection
              rule="caps"
              label="Limit capitals"
              limits={[
                { key: 'maxPercent', label: 'Most capitals (%)', min: 10, max: 100 },
                { key: 'minLength', label: 'Only past this many letters', min: 1, max: 500 },
              ]}
              draft={draft}
              set={set}
            />
          </Group>
          <Group title="Symbols and emotes">
            <RuleSection
              rule="symbols"
              label="Limit symbols"
              limits={[{ key: 'maxPercent', label: 'Most symbols (%)', min: 10, max: 100 }]}
              draft={draft}
              set={set}
            />
            <RuleSection
              rule="emotes"
              label="Limit emotes"
              limits={[{ key: 'max', label: 'Most emotes in a message', min: 1, max: 100 }]}
              draft={draft}
              set={set}
            />
          </Group>
          <Group title="Repetition and length">
            <RuleSection
              rule="repetition"
              label="Stop repeated messages"
              grid="grid gap-3 sm:grid-cols-2"
              limits={[
                { key: 'max', label: 'Same message times', min: 2, max: 20 },
                { key: 'windowS', label: 'Within (seconds)', min: 1, max: 600 },
              ]}
              draft={draft}
              set={set}
            />
            <RuleSection
              rule="length"
              label="Limit message length"
              limits={[{ key: 'max', label: 'Longest message (characters)', min: 20, max: 500 }]}
              draft={draft}
              set={set}
            />
          </Group>
        </div>
        <TextAreaField
          label="Banned words and phrases"
          hint="One a line. * matches anything: scam* catches scammer. Without * only whole words match."
          rows={5}
          value={bannedText()}
          onInput={(e) => setBannedText(e.currentTarget.value)}
        />
      </Card>

      <Card title="Escalation" icon="i-ph-stairs">
        <p class="text-sm text-ink-muted">
          A viewer's first offence gets step 1, the second step 2, and so on; offences older than the window
          are forgotten. Past the last step, the last step repeats.
        </p>
        <ol class="flex flex-col gap-3">
          <For each={draft.escalation.steps}>
            {(step, i) => (
              <li class="grid items-end gap-3 sm:grid-cols-[1fr_12rem_auto]">
                <SelectField
                  label={`Offence ${i() + 1}`}
                  value={step.action}
                  options={actions}
                  onChange={(v) => setStep(i(), { action: v as ModActionKind })}
                />
                <Show when={step.action === 'timeout'} fallback={<span />}>
                  <NumberField
                    label={`Timeout ${i() + 1} (seconds)`}
                    value={step.durationS ?? 600}
                    min={1}
                    max={1_209_600}
                    onChange={(n) => setStep(i(), { durationS: n })}
                  />
                </Show>
                <Button
                  size="sm"
                  icon="i-ph-trash"
                  disabled={draft.escalation.steps.length <= 1}
                  aria-label={`Remove offence ${i() + 1}`}
                  onClick={() => set('escalation', 'steps', (s) => s.filter((_, n) => n !== i()))}
                >
                  Remove
                </Button>
              </li>
            )}
          </For>
        </ol>
        <div class="flex flex-wrap items-end gap-4">
          <Button
            size="sm"
            icon="i-ph-plus"
            disabled={draft.escalation.steps.length >= 6}
            onClick={() => set('escalation', 'steps', (s): EscalationStep[] => [...s, { action: 'ban' }])}
          >
            Add a step
          </Button>
          <NumberField
            label="Forget offences after (seconds)"
            value={draft.escalation.windowS}
            min={1}
            max={604_800}
            onChange={(n) => set('escalation', 'windowS', n)}
          />
        </div>
      </Card>

      <Card title="AI moderation" icon="i-ph-brain">
        <CheckboxField
          label="Score messages with the AI"
          hint="Messages the rules let through are scored per category. If the AI is slow or down, the rules decide alone."
          checked={draft.ai.enabled}
          onChange={(v) => set('ai', 'enabled', v)}
        />
        <Slider
          label="Send to review from"
          hint="Below a category's threshold but at least this: logged for review, nothing happens in chat."
          value={draft.ai.reviewFrom}
          onChange={(n) => set('ai', 'reviewFrom', n)}
        />
        <div class="grid gap-4 sm:grid-cols-2">
          <For each={aiCategories}>
            {(category) => (
              <div class="flex flex-col gap-1">
                <CheckboxField
                  label={`Act on ${category}`}
                  checked={draft.ai.thresholds[category] !== undefined}
                  onChange={(on) =>
                    set('ai', 'thresholds', (t) => {
                      const next = { ...t };
                      if (on) next[category] = 0.8;
                      else delete next[category];
                      return next;
                    })
                  }
                />
                <Show when={draft.ai.thresholds[category] !== undefined}>
                  <Slider
                    label={`${category} threshold`}
                    value={draft.ai.thresholds[category]!}
                    onChange={(n) => set('ai', 'thresholds', category, n)}
                  />
                </Show>
              </div>
            )}
          </For>
        </div>
      </Card>

      <Card title="Anti-raid" icon="i-ph-siren">
        <RuleSection
          rule="antiRaid"
          label="Anti-raid mode"
          hint="A burst of first-time chatters turns on follower-only and slow mode for a while, then turns them off."
          grid="grid gap-4 sm:grid-cols-4"
          limits={[
            { key: 'newChatters', label: 'First-time chatters', min: 3, max: 500 },
            { key: 'windowS', label: 'Within (seconds)', min: 1, max: 600 },
            { key: 'holdS', label: 'Keep it on (seconds)', min: 1, max: 7200 },
            { key: 'slowS', label: 'Slow mode (seconds)', min: 1, max: 120 },
          ]}
          draft={draft}
          set={set}
        />
      </Card>
      <div class="flex justify-end">
        <Button type="submit" variant="primary" icon="i-ph-check" busy={form.busy()}>
          Save moderation settings
        </Button>
      </div>
    </form>
  );
}

function Slider(props: { label: string; hint?: string; value: number; onChange: (n: number) => void }) {
  const id = `slider-${props.label.replace(/\W+/g, '-')}`;
  return (
    <div class="flex flex-col gap-1">
      <label for={id} class="flex justify-between text-sm text-ink">
        <span>{props.label}</span>
        <output for={id} class="font-mono text-ink-muted">
          {props.value.toFixed(2)}
        </output>
      </label>
      <input
        id={id}
        type="range"
        min="0"
        max="1"
        step="0.05"
        class="accent-violet-500"
        value={props.value}
        aria-describedby={props.hint ? `${id}-hint` : undefined}
        onInput={(e) => props.onChange(Number(e.currentTarget.value))}
      />
      <Show when={props.hint}>
        <p id={`${id}-hint`} class="text-xs text-ink-muted">
          {props.hint}
        </p>
      </Show>
    </div>
  );
}

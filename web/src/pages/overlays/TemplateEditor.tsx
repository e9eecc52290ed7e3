/**
 * One alert kind's template: text with placeholders, image and sound, duration, animation,
 * volume and colour, with a live preview of the alert as OBS will show it and a test button
 * that sends a sample to the open overlay pages.
 */
import { createSignal, Show } from 'solid-js';
import { ApiError } from '../../api/client';
import { Button } from '../../ui/Button';
import { CheckboxField, Field, SelectField, TextAreaField } from '../../ui/Field';
import { toast } from '../../ui/Toast';
import { AlertCard } from './AlertCard';
import { type KindTemplate, kindLabels, type OverlayEvent, type OverlayTemplate } from './alerts';
import { saveOverlayTemplate, sendTestAlert } from './api';

const animations = ['fade', 'slide', 'pop', 'bounce'] as const;
const placeholders = ['{user}', '{amount}', '{message}', '{tier}', '{viewers}'];

const sample: OverlayEvent = {
  id: 'preview',
  kind: 'follow',
  user: 'TestViewer',
  amount: 5,
  message: 'Great stream!',
  tier: '1',
  viewers: 42,
  at: '',
};

type Draft = {
  text: string;
  imageUrl: string;
  soundUrl: string;
  seconds: string;
  animation: string;
  volume: string;
  color: string;
};

const toDraft = (t: OverlayTemplate): Draft => ({
  text: t.text,
  imageUrl: t.imageUrl ?? '',
  soundUrl: t.soundUrl ?? '',
  seconds: String(t.durationMs / 1000),
  animation: t.animation,
  volume: String(Math.round(t.volume * 100)),
  color: t.color ?? '#ffffff',
});

function fromDraft(d: Draft): { template: OverlayTemplate | null; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const seconds = Number(d.seconds);
  if (!Number.isFinite(seconds) || seconds < 1 || seconds > 60) errors.seconds = 'From 1 to 60 seconds';
  const volume = Number(d.volume);
  if (!Number.isFinite(volume) || volume < 0 || volume > 100) errors.volume = 'From 0 to 100';
  for (const key of ['imageUrl', 'soundUrl'] as const)
    if (d[key].trim() && !/^https?:\/\/\S+$/i.test(d[key].trim()))
      errors[key] = 'Use a full https:// address';
  if (d.text.length > 300) errors.text = 'At most 300 characters';
  if (Object.keys(errors).length > 0) return { template: null, errors };
  return {
    template: {
      text: d.text.trim(),
      durationMs: Math.round(seconds * 1000),
      animation: d.animation as OverlayTemplate['animation'],
      volume: volume / 100,
      ...(d.imageUrl.trim() ? { imageUrl: d.imageUrl.trim() } : {}),
      ...(d.soundUrl.trim() ? { soundUrl: d.soundUrl.trim() } : {}),
      ...(d.color.toLowerCase() !== '#ffffff' ? { color: d.color } : {}),
    },
    errors,
  };
}

export function TemplateEditor(props: { entry: KindTemplate; onSaved: (entry: KindTemplate) => void }) {
  const [draft, setDraft] = createSignal(toDraft(props.entry.template));
  const [enabled, setEnabled] = createSignal(props.entry.enabled);
  const [errors, setErrors] = createSignal<Record<string, string>>({});
  const [busy, setBusy] = createSignal<'save' | 'test' | null>(null);
  const set = (key: keyof Draft) => (value: string) => setDraft((d) => ({ ...d, [key]: value }));
  const preview = () => fromDraft(draft()).template;

  async function save() {
    const { template, errors: found } = fromDraft(draft());
    setErrors(found);
    if (!template) return;
    setBusy('save');
    try {
      props.onSaved(await saveOverlayTemplate(props.entry.kind, template, enabled()));
      toast(`${kindLabels[props.entry.kind]} template saved`);
    } catch (error) {
      if (error instanceof ApiError && Object.keys(error.fields).length > 0) setErrors(error.fields);
      toast(error instanceof ApiError ? error.message : 'The template was not saved', 'danger');
    } finally {
      setBusy(null);
    }
  }

  async function test() {
    setBusy('test');
    try {
      await sendTestAlert(props.entry.kind);
      toast('Test alert sent to your open overlay pages');
    } catch (error) {
      toast(error instanceof ApiError ? error.message : 'The test alert was not sent', 'danger');
    } finally {
      setBusy(null);
    }
  }

  return (
    <form
      class="grid gap-4 md:grid-cols-2"
      noValidate
      aria-label={`${kindLabels[props.entry.kind]} template`}
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <div class="flex flex-col gap-3">
        <CheckboxField label="Show this kind" checked={enabled()} onChange={setEnabled} />
        <TextAreaField
          label="Text"
          value={draft().text}
          error={errors().text}
          hint={`Placeholders: ${placeholders.join(' ')}`}
          onInput={(e) => set('text')(e.currentTarget.value)}
        />
        <Field
          label="Image URL"
          value={draft().imageUrl}
          error={errors().imageUrl}
          onInput={(e) => set('imageUrl')(e.currentTarget.value)}
        />
        <Field
          label="Sound URL"
          value={draft().soundUrl}
          error={errors().soundUrl}
          onInput={(e) => set('soundUrl')(e.currentTarget.value)}
        />
        <div class="grid grid-cols-2 gap-3">
          <Field
            label="Duration (seconds)"
            type="number"
            min="1"
            max="60"
            step="0.5"
            value={draft().seconds}
            error={errors().seconds}
            onInput={(e) => set('seconds')(e.currentTarget.value)}
          />
          <SelectField
            label="Animation"
            value={draft().animation}
            onChange={set('animation')}
            options={animations.map((a) => ({ value: a, label: a[0]!.toUpperCase() + a.slice(1) }))}
          />
          <Field
            label="Volume (%)"
            type="number"
            min="0"
            max="100"
            value={draft().volume}
            error={errors().volume}
            onInput={(e) => set('volume')(e.currentTarget.value)}
          />
          <Field
            label="Text colour"
            type="color"
            value={draft().color}
            onInput={(e) => set('color')(e.currentTarget.value)}
          />
        </div>
        <div class="flex flex-wrap gap-2">
          <Button type="submit" busy={busy() === 'save'}>
            Save template
          </Button>
          <Button
            type="button"
            variant="ghost"
            icon="i-ph-bell-ringing"
            busy={busy() === 'test'}
            onClick={() => void test()}
          >
            Send test alert
          </Button>
        </div>
      </div>
      <div class="flex flex-col gap-2">
        <h3 class="m-0 text-sm font-semibold text-ink">Preview</h3>
        {/* A checkerboard stands in for the stream, so light and dark text both show. */}
        <div
          class="grid min-h-48 place-items-center rounded-control p-4"
          style={{ background: 'repeating-conic-gradient(#3a3450 0 25%, #2a2440 0 50%) 0 0 / 24px 24px' }}
          data-testid="alert-preview"
        >
          <Show
            when={preview()}
            fallback={<p class="m-0 text-sm text-ink">Fix the fields to see the preview.</p>}
          >
            {(template) => (
              <AlertCard
                alert={{ event: { ...sample, kind: props.entry.kind }, template: template() }}
                muted
              />
            )}
          </Show>
        </div>
      </div>
    </form>
  );
}

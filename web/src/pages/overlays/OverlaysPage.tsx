/**
 * /studio/overlays: the secret overlay URL to paste into OBS as a browser source (copy, rotate),
 * the widgets it serves, and the template of each alert kind with a live preview and a test button.
 */
import { createSignal, For, Show } from 'solid-js';
import { ApiError } from '../../api/client';
import { usePageTitle } from '../../lib/title';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { CopyButton } from '../../ui/CopyButton';
import { SelectField } from '../../ui/Field';
import { LoadState } from '../../ui/LoadState';
import { PageHeader } from '../../ui/PageHeader';
import { toast } from '../../ui/Toast';
import { createLoaded } from '../monitoring/load';
import { type KindTemplate, kindLabels, type OverlayKind } from './alerts';
import { getOverlays, type OverlayState, rotateOverlayKey } from './api';
import { TemplateEditor } from './TemplateEditor';

const widgets = [
  {
    query: '',
    label: 'Alerts',
    what: 'follows, subs, gifts, raids, cheers, redemptions and giveaway winners, one at a time',
  },
  { query: '?widget=chat', label: 'Chat box', what: 'the latest chat lines' },
  { query: '?widget=nowplaying', label: 'Now playing', what: 'the current song request' },
  {
    query: '?widget=goal&target=50',
    label: 'Follower goal',
    what: 'follows of the last day against a target',
  },
];

export default function OverlaysPage() {
  usePageTitle('Overlays');
  const state = createLoaded(getOverlays);
  const [confirming, setConfirming] = createSignal(false);
  const [rotating, setRotating] = createSignal(false);
  const [rotateError, setRotateError] = createSignal<string | null>(null);
  const [kind, setKind] = createSignal<OverlayKind>('follow');

  async function rotate() {
    setRotating(true);
    setRotateError(null);
    try {
      const { url, rotatedAt } = await rotateOverlayKey();
      state.setValue((s) => (s ? { ...s, url, rotatedAt } : s));
      setConfirming(false);
      toast('New overlay URL made; update it in OBS');
    } catch (error) {
      setRotateError(error instanceof ApiError ? error.message : 'The URL was not changed.');
    } finally {
      setRotating(false);
    }
  }

  const saved = (entry: KindTemplate) =>
    state.setValue((s) =>
      s ? { ...s, templates: s.templates.map((t) => (t.kind === entry.kind ? entry : t)) } : s,
    );

  return (
    <div class="flex flex-col gap-6">
      <PageHeader
        title="Overlays"
        description="Browser sources for OBS: alerts, chat box, now playing and goals. The URL is secret: anyone who has it can show your alerts, so rotate it if it leaks."
      />
      <LoadState load={state} what="overlays" isEmpty={() => false}>
        {(loaded: OverlayState) => (
          <>
            <Card
              title="Overlay URL"
              icon="i-ph-link"
              actions={
                <Button
                  variant="ghost"
                  size="sm"
                  icon="i-ph-arrows-clockwise"
                  onClick={() => setConfirming(true)}
                >
                  {loaded.url ? 'Rotate URL' : 'Create URL'}
                </Button>
              }
            >
              <Show
                when={loaded.url}
                fallback={
                  <p class="m-0 text-sm text-ink">
                    No overlay URL yet. Create one, then add it to OBS as a browser source.
                  </p>
                }
              >
                {(url) => (
                  <ul class="m-0 flex list-none flex-col gap-3 p-0">
                    <For each={widgets}>
                      {(widget) => (
                        <li class="flex flex-wrap items-center justify-between gap-2">
                          <div>
                            <p class="m-0 text-sm font-semibold text-ink">{widget.label}</p>
                            <p class="m-0 text-xs text-ink/80">{widget.what}</p>
                          </div>
                          <CopyButton
                            text={url() + widget.query}
                            what={`${widget.label} overlay URL`}
                            size="sm"
                          />
                        </li>
                      )}
                    </For>
                  </ul>
                )}
              </Show>
            </Card>
            <Card title="Alert templates" icon="i-ph-paint-brush">
              <SelectField
                label="Alert kind"
                value={kind()}
                onChange={(value) => setKind(value as OverlayKind)}
                options={loaded.templates.map((t) => ({ value: t.kind, label: kindLabels[t.kind] }))}
              />
              <Show when={loaded.templates.find((t) => t.kind === kind())} keyed>
                {(entry) => <TemplateEditor entry={entry} onSaved={saved} />}
              </Show>
            </Card>
            <ConfirmDialog
              open={confirming()}
              title={loaded.url ? 'Rotate the overlay URL?' : 'Create the overlay URL?'}
              description={
                loaded.url
                  ? 'The current URL stops working at once: every OBS browser source using it must get the new one.'
                  : 'A secret URL for your OBS browser sources.'
              }
              confirmLabel={loaded.url ? 'Rotate URL' : 'Create URL'}
              busy={rotating()}
              error={rotateError()}
              variant="primary"
              onConfirm={() => void rotate()}
              onCancel={() => setConfirming(false)}
            />
          </>
        )}
      </LoadState>
    </div>
  );
}

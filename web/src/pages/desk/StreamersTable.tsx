/** The streamers a guild announces: their live state, on/off, Kick channel, removal, and adding one by hand. */
import { createSignal, Show } from 'solid-js';
import { ApiError } from '../../api/client';
import { pollMs, pollWhileVisible } from '../../lib/poll';
import { ApiForm, createApiForm } from '../../ui/ApiForm';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { createConfirmation } from '../../ui/confirmation';
import { Dialog } from '../../ui/Dialog';
import { Field } from '../../ui/Field';
import { TableCard } from '../../ui/TableCard';
import { toast } from '../../ui/Toast';
import { createLoaded } from '../monitoring/load';
import { addStreamer, listStreamers, removeStreamer, updateStreamer } from './api';
import type { StreamerView } from './types';

const platformNames = { twitch: 'Twitch', youtube: 'YouTube', kick: 'Kick' } as const;
const stateLooks = {
  live: { tone: 'ok', label: 'Live', icon: 'i-ph-broadcast' },
  pending: { tone: 'info', label: 'Going live…', icon: 'i-ph-hourglass' },
  ending: { tone: 'warn', label: 'Ending…', icon: 'i-ph-hourglass' },
  offline: { tone: 'neutral', label: 'Offline', icon: undefined },
} as const;

const columns = [
  { label: 'Name' },
  { label: 'Source' },
  { label: 'State' },
  { label: 'Platform' },
  { label: 'Title' },
  { label: 'Enabled' },
  { label: 'Kick channel' },
  { label: 'Actions', hidden: true },
];

export function StreamersTable(props: { guildId: string; readOnly: () => boolean }) {
  const streamers = createLoaded(() => listStreamers(props.guildId));
  pollWhileVisible(() => streamers.reload(), pollMs);
  const [adding, setAdding] = createSignal(false);
  const [kickOf, setKickOf] = createSignal<StreamerView | null>(null);
  const removal = createConfirmation<StreamerView>(async (streamer) => {
    await removeStreamer(props.guildId, streamer.id);
    toast(`${streamer.displayName} removed`);
    await streamers.reload();
  }, 'Could not remove the streamer.');

  const toggle = async (streamer: StreamerView, enabled: boolean) => {
    try {
      await updateStreamer(props.guildId, streamer.id, { enabled });
      toast(`${streamer.displayName} ${enabled ? 'enabled' : 'disabled'}`);
    } catch (caught) {
      toast(caught instanceof ApiError ? caught.message : 'Could not change the streamer.', 'danger');
    }
    await streamers.reload();
  };

  return (
    <>
      <TableCard
        title="Streamers"
        icon="i-ph-video-camera"
        load={streamers}
        what="streamers"
        columns={columns}
        minWidth="min-w-[56rem]"
        actions={
          <Show when={!props.readOnly()}>
            <Button size="sm" variant="primary" icon="i-ph-plus" onClick={() => setAdding(true)}>
              Add streamer
            </Button>
          </Show>
        }
        empty={{
          title: 'No streamers yet',
          icon: 'i-ph-video-camera',
          body: 'Add one by their Discord user id, or turn on automatic discovery above.',
        }}
      >
        {(streamer) => {
          const look = () => stateLooks[streamer.state];
          return (
            <tr>
              <td class="py-2 pr-4 text-ink">{streamer.displayName}</td>
              <td class="py-2 pr-4 text-ink-muted">
                {streamer.source === 'manual' ? 'Added by hand' : 'Discovered'}
              </td>
              <td class="py-2 pr-4">
                <Badge tone={look().tone} icon={look().icon}>
                  {look().label}
                </Badge>
              </td>
              <td class="py-2 pr-4 text-ink-muted">
                {streamer.platform ? platformNames[streamer.platform] : '—'}
              </td>
              <td class="max-w-64 truncate py-2 pr-4 text-ink-muted" title={streamer.title ?? undefined}>
                <Show when={streamer.url && streamer.title} fallback={streamer.title ?? '—'}>
                  <a
                    href={streamer.url ?? undefined}
                    class="text-ink underline-offset-2 hover:underline"
                    rel="noreferrer"
                    target="_blank"
                  >
                    {streamer.title}
                  </a>
                </Show>
              </td>
              <td class="py-2 pr-4">
                <input
                  type="checkbox"
                  class="h-4 w-4 accent-violet-500"
                  aria-label={`Announce ${streamer.displayName}`}
                  checked={streamer.enabled}
                  disabled={props.readOnly()}
                  onChange={(event) => void toggle(streamer, event.currentTarget.checked)}
                />
              </td>
              <td class="py-2 pr-4 font-mono text-xs text-ink-muted">{streamer.kickSlug ?? '—'}</td>
              <td class="py-2">
                <Show when={!props.readOnly()}>
                  <div class="flex justify-end gap-2">
                    <Button
                      size="sm"
                      icon="i-ph-pencil-simple"
                      aria-label={`Edit the Kick channel of ${streamer.displayName}`}
                      onClick={() => setKickOf(streamer)}
                    >
                      Kick
                    </Button>
                    <Button
                      size="sm"
                      icon="i-ph-trash"
                      aria-label={`Remove ${streamer.displayName}`}
                      onClick={() => removal.open(streamer)}
                    >
                      Remove
                    </Button>
                  </div>
                </Show>
              </td>
            </tr>
          );
        }}
      </TableCard>
      <Show when={adding()}>
        <AddStreamerDialog
          guildId={props.guildId}
          onClose={() => setAdding(false)}
          onSaved={() => void streamers.reload()}
        />
      </Show>
      <Show when={kickOf()} keyed>
        {(streamer) => (
          <KickSlugDialog
            guildId={props.guildId}
            streamer={streamer}
            onClose={() => setKickOf(null)}
            onSaved={() => void streamers.reload()}
          />
        )}
      </Show>
      <ConfirmDialog
        {...removal.dialog}
        title={`Remove ${removal.target()?.displayName ?? 'streamer'}?`}
        description="Their streams are no longer announced. Discovery may add them again while it is on."
        confirmLabel="Remove streamer"
      />
    </>
  );
}

function AddStreamerDialog(props: { guildId: string; onClose: () => void; onSaved: () => void }) {
  const [userId, setUserId] = createSignal('');
  const [name, setName] = createSignal('');
  const form = createApiForm({
    failure: 'Could not add the streamer.',
    fields: ['discordUserId', 'displayName'],
  });
  const local = () => ({
    ...(/^\d{5,20}$/.test(userId().trim()) ? {} : { discordUserId: 'Use a Discord user id (digits only)' }),
    ...(name().trim() ? {} : { displayName: 'Name the streamer' }),
  });
  const submit = form.handleSubmit(
    async () => {
      await addStreamer(props.guildId, {
        discordUserId: userId().trim(),
        displayName: name().trim(),
        enabled: true,
        kickSlug: null,
      });
      toast(`${name().trim()} added`);
      props.onSaved();
      props.onClose();
    },
    { invalid: () => Object.keys(local()).length > 0 },
  );
  return (
    <Dialog open={true} title="Add streamer" onClose={props.onClose} locked={form.busy()}>
      <ApiForm
        form={form}
        onSubmit={submit}
        failureTitle="Could not add the streamer"
        submitLabel="Add streamer"
        submitIcon="i-ph-plus"
        onCancel={props.onClose}
      >
        <Field
          label="Discord user id"
          inputMode="numeric"
          hint="In Discord: Developer Mode on, then right-click the member → Copy User ID."
          value={userId()}
          onInput={(event) => setUserId(event.currentTarget.value)}
          error={form.fieldError('discordUserId', (local() as Record<string, string>).discordUserId)}
        />
        <Field
          label="Name"
          value={name()}
          onInput={(event) => setName(event.currentTarget.value)}
          error={form.fieldError('displayName', (local() as Record<string, string>).displayName)}
        />
      </ApiForm>
    </Dialog>
  );
}

function KickSlugDialog(props: {
  guildId: string;
  streamer: StreamerView;
  onClose: () => void;
  onSaved: () => void;
}) {
  const [slug, setSlug] = createSignal(props.streamer.kickSlug ?? '');
  const form = createApiForm({ failure: 'Could not save the Kick channel.', fields: ['kickSlug'] });
  const submit = form.handleSubmit(async () => {
    await updateStreamer(props.guildId, props.streamer.id, { kickSlug: slug().trim() || null });
    toast(`Kick channel of ${props.streamer.displayName} saved`);
    props.onSaved();
    props.onClose();
  });
  return (
    <Dialog
      open={true}
      title={`Kick channel of ${props.streamer.displayName}`}
      description="Kick has no Discord presence, so its live status is read from Kick by channel name."
      onClose={props.onClose}
      locked={form.busy()}
    >
      <ApiForm
        form={form}
        onSubmit={submit}
        failureTitle="Could not save the Kick channel"
        submitLabel="Save"
        submitIcon="i-ph-floppy-disk"
        onCancel={props.onClose}
      >
        <Field
          label="Kick channel name"
          hint="As in kick.com/<name>; leave empty for none."
          value={slug()}
          onInput={(event) => setSlug(event.currentTarget.value)}
          error={form.fieldError('kickSlug')}
        />
      </ApiForm>
    </Dialog>
  );
}

/**
 * /studio/songs: song requests through the streamer's Spotify. Shows whether Spotify is linked and
 * Premium (Spotify only lets Premium accounts queue and skip), what plays now, the request queue
 * with a remove button per request, the chat rules (`settings.songs`) and the streamer's own
 * Spotify app, needed once the server's app has its 25 users.
 */
import { createSignal, For, Show } from 'solid-js';
import { ApiError } from '../../api/client';
import { usePageTitle } from '../../lib/title';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { CheckboxField, Field, SelectField } from '../../ui/Field';
import { LoadState } from '../../ui/LoadState';
import { PageHeader } from '../../ui/PageHeader';
import { toast } from '../../ui/Toast';
import { wholeIn } from '../currency/components/settings';
import { createLoaded } from '../monitoring/load';
import {
  deleteSpotifyApp,
  getNowPlaying,
  getSongSettings,
  getSpotifyApp,
  listSongQueue,
  type NowPlaying,
  removeSongRequest,
  type SongSettings,
  type SpotifyApp,
  saveSongSettings,
  saveSpotifyApp,
  skipSong,
} from './api';

const messageOf = (error: unknown, fallback: string) =>
  error instanceof ApiError ? error.message : fallback;
const minutes = (ms: number) =>
  `${Math.floor(ms / 60_000)}:${String(Math.floor((ms % 60_000) / 1000)).padStart(2, '0')}`;

export default function SongsPage() {
  usePageTitle('Song requests');
  const now = createLoaded(getNowPlaying);
  const queue = createLoaded(listSongQueue);
  const settings = createLoaded(getSongSettings);
  const app = createLoaded(getSpotifyApp);
  return (
    <div class="flex flex-col gap-6">
      <PageHeader
        title="Song requests"
        description="Viewers request songs in chat with !sr; they play through your Spotify account."
      />
      <Card title="Spotify" icon="i-ph-spotify-logo">
        <LoadState load={now} what="Spotify status" lines={2}>
          {(state) => <NowPlayingPanel state={state} reload={() => void now.reload()} />}
        </LoadState>
      </Card>
      <Card title="Queue" icon="i-ph-queue">
        <LoadState
          load={queue}
          what="song queue"
          lines={4}
          empty={{
            title: 'No songs requested',
            icon: 'i-ph-music-notes',
            body: 'Requests from chat (!sr) show here.',
          }}
        >
          {(requests) => (
            <ol class="flex flex-col gap-2">
              <For each={requests}>
                {(r) => (
                  <li class="flex flex-wrap items-center justify-between gap-3 rounded-xl bg-white/5 px-3 py-2">
                    <div>
                      <p class="font-medium text-ink">
                        {r.title} <span class="text-ink-muted">— {r.artists}</span>
                      </p>
                      <p class="text-sm text-ink-muted">
                        {r.state === 'playing' ? 'Playing now · ' : ''}
                        {minutes(r.durationMs)} · requested by {r.userName}
                      </p>
                    </div>
                    <Show when={r.state === 'queued'}>
                      <Button
                        variant="ghost"
                        size="sm"
                        icon="i-ph-trash"
                        aria-label={`Remove ${r.title}`}
                        onClick={async () => {
                          try {
                            await removeSongRequest(r.id);
                            toast(`Removed ${r.title}`);
                            await queue.reload();
                          } catch (error) {
                            toast(messageOf(error, 'Could not remove the request.'), 'danger');
                          }
                        }}
                      >
                        Remove
                      </Button>
                    </Show>
                  </li>
                )}
              </For>
            </ol>
          )}
        </LoadState>
      </Card>
      <Card title="Rules in chat" icon="i-ph-sliders">
        <LoadState load={settings} what="song settings" lines={6}>
          {(loaded) => (
            <SettingsForm
              initial={loaded}
              save={async (next) => {
                const saved = await saveSongSettings(next);
                settings.setValue(() => saved);
              }}
            />
          )}
        </LoadState>
      </Card>
      <Card title="Your own Spotify app" icon="i-ph-key">
        <LoadState load={app} what="Spotify app" lines={3}>
          {(loaded) => <AppForm app={loaded} changed={() => void app.reload()} />}
        </LoadState>
      </Card>
    </div>
  );
}

function NowPlayingPanel(props: { state: NowPlaying; reload: () => void }) {
  const [busy, setBusy] = createSignal(false);
  return (
    <div class="flex flex-col gap-3">
      <p class="text-sm text-ink">
        {props.state.linked
          ? `Spotify is linked${props.state.product ? ` (${props.state.product === 'premium' ? 'Premium' : 'Free'})` : ''}.`
          : 'Spotify is not linked. Link it under Connections so requests can play.'}
      </p>
      <Show when={props.state.problem}>{(problem) => <Banner tone="warn" title={problem()} />}</Show>
      <Show
        when={props.state.playing}
        fallback={<p class="text-sm text-ink-muted">Nothing is playing right now.</p>}
      >
        {(playing) => (
          <div class="flex flex-wrap items-center justify-between gap-3">
            <p class="text-ink">
              <span class="font-medium">{playing().title}</span> — {playing().artists}{' '}
              <span class="text-sm text-ink-muted">
                {minutes(playing().progressMs)} / {minutes(playing().durationMs)}
                {playing().isPlaying ? '' : ' (paused)'}
              </span>
            </p>
            <Button
              icon="i-ph-skip-forward"
              busy={busy()}
              onClick={async () => {
                setBusy(true);
                try {
                  await skipSong();
                  toast('Skipped');
                  props.reload();
                } catch (error) {
                  toast(messageOf(error, 'Could not skip.'), 'danger');
                } finally {
                  setBusy(false);
                }
              }}
            >
              Skip song
            </Button>
          </div>
        )}
      </Show>
    </div>
  );
}

const levels = [
  { value: 'everyone', label: 'Everyone' },
  { value: 'follower', label: 'Followers' },
  { value: 'subscriber', label: 'Subscribers' },
  { value: 'vip', label: 'VIPs' },
  { value: 'moderator', label: 'Moderators' },
  { value: 'broadcaster', label: 'Only me' },
] as const;

function SettingsForm(props: { initial: SongSettings; save: (next: SongSettings) => Promise<unknown> }) {
  const s = props.initial;
  const [enabled, setEnabled] = createSignal(s.enabled);
  const [minLevel, setMinLevel] = createSignal<string>(s.minLevel);
  const [cost, setCost] = createSignal(String(s.cost));
  const [perUser, setPerUser] = createSignal(String(s.perUser));
  const [maxQueue, setMaxQueue] = createSignal(String(s.maxQueue));
  const [maxMinutes, setMaxMinutes] = createSignal(String(Math.round(s.maxDurationS / 60)));
  const [explicit, setExplicit] = createSignal(s.allowExplicit);
  const [blocked, setBlocked] = createSignal(s.blocked.join(', '));
  const [skipPercent, setSkipPercent] = createSignal(String(Math.round(s.skipShare * 100)));
  const [busy, setBusy] = createSignal(false);
  const [shown, setShown] = createSignal(false);
  const problems = () => ({
    cost: wholeIn(cost(), 0) === null ? 'A whole number, 0 or more' : null,
    perUser: wholeIn(perUser(), 1, 50) === null ? 'From 1 to 50' : null,
    maxQueue: wholeIn(maxQueue(), 1, 500) === null ? 'From 1 to 500' : null,
    maxMinutes: wholeIn(maxMinutes(), 1, 60) === null ? 'From 1 to 60 minutes' : null,
    skip: wholeIn(skipPercent(), 5, 100) === null ? 'From 5 to 100 %' : null,
  });
  const err = (key: keyof ReturnType<typeof problems>) => (shown() ? problems()[key] : null);
  return (
    <form
      class="grid gap-4 sm:grid-cols-2"
      onSubmit={async (event) => {
        event.preventDefault();
        setShown(true);
        if (Object.values(problems()).some(Boolean)) return;
        setBusy(true);
        try {
          await props.save({
            enabled: enabled(),
            minLevel: minLevel() as SongSettings['minLevel'],
            cost: Number(cost()),
            perUser: Number(perUser()),
            maxQueue: Number(maxQueue()),
            maxDurationS: Number(maxMinutes()) * 60,
            allowExplicit: explicit(),
            blocked: blocked()
              .split(',')
              .map((b) => b.trim())
              .filter(Boolean),
            skipShare: Number(skipPercent()) / 100,
          });
          toast('Song settings saved');
        } catch (error) {
          toast(messageOf(error, 'Could not save the song settings.'), 'danger');
        } finally {
          setBusy(false);
        }
      }}
    >
      <CheckboxField
        label="Song requests on"
        checked={enabled()}
        onChange={setEnabled}
        class="sm:col-span-2"
      />
      <SelectField label="Who can request" value={minLevel()} onChange={setMinLevel} options={levels} />
      <Field
        label="Cost per request"
        inputMode="numeric"
        value={cost()}
        onInput={(e) => setCost(e.currentTarget.value)}
        error={err('cost')}
      />
      <Field
        label="Waiting requests per viewer"
        value={perUser()}
        onInput={(e) => setPerUser(e.currentTarget.value)}
        error={err('perUser')}
      />
      <Field
        label="Longest queue"
        value={maxQueue()}
        onInput={(e) => setMaxQueue(e.currentTarget.value)}
        error={err('maxQueue')}
      />
      <Field
        label="Longest song (minutes)"
        value={maxMinutes()}
        onInput={(e) => setMaxMinutes(e.currentTarget.value)}
        error={err('maxMinutes')}
      />
      <Field
        label="Skip votes needed (% of chatters in the last 10 minutes)"
        value={skipPercent()}
        onInput={(e) => setSkipPercent(e.currentTarget.value)}
        error={err('skip')}
      />
      <CheckboxField label="Allow explicit songs" checked={explicit()} onChange={setExplicit} />
      <Field
        label="Blocked songs and artists"
        hint="Comma-separated: artist names, song titles or Spotify ids."
        value={blocked()}
        onInput={(e) => setBlocked(e.currentTarget.value)}
        class="sm:col-span-2"
      />
      <div class="sm:col-span-2">
        <Button type="submit" busy={busy()}>
          Save song settings
        </Button>
      </div>
    </form>
  );
}

function AppForm(props: { app: SpotifyApp; changed: () => void }) {
  const [clientId, setClientId] = createSignal('');
  const [secret, setSecret] = createSignal('');
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  return (
    <div class="flex flex-col gap-3">
      <p class="max-w-prose text-sm text-ink-muted">{props.app.help}</p>
      <p class="text-sm text-ink">
        {props.app.clientId
          ? `Using your app ${props.app.clientId}.`
          : props.app.serverApp
            ? "Using this server's Spotify app."
            : 'This server has no Spotify app: add your own to use song requests.'}
      </p>
      <form
        class="grid gap-3 sm:grid-cols-2"
        onSubmit={async (event) => {
          event.preventDefault();
          setBusy(true);
          setError(null);
          try {
            await saveSpotifyApp(clientId().trim(), secret().trim());
            setSecret('');
            toast('Spotify app saved; link Spotify again so the link uses it.');
            props.changed();
          } catch (e) {
            setError(messageOf(e, 'Could not save the Spotify app.'));
          } finally {
            setBusy(false);
          }
        }}
      >
        <Field
          label="Client ID"
          value={clientId()}
          onInput={(e) => setClientId(e.currentTarget.value)}
          autocomplete="off"
        />
        <Field
          label="Client secret"
          type="password"
          value={secret()}
          onInput={(e) => setSecret(e.currentTarget.value)}
          autocomplete="off"
          hint="Stored encrypted; never shown again."
        />
        <Show when={error()}>{(message) => <Banner tone="danger" title={message()} />}</Show>
        <div class="flex gap-2 sm:col-span-2">
          <Button type="submit" busy={busy()}>
            Save Spotify app
          </Button>
          <Show when={props.app.clientId}>
            <Button
              variant="danger"
              onClick={async () => {
                try {
                  await deleteSpotifyApp();
                  toast("Back to the server's Spotify app");
                  props.changed();
                } catch (e) {
                  toast(messageOf(e, 'Could not remove the Spotify app.'), 'danger');
                }
              }}
            >
              Use the server's app
            </Button>
          </Show>
        </div>
      </form>
    </div>
  );
}

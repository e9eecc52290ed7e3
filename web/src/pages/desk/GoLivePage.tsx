/**
 * /desk/:guildId/go-live: where and how the guild announces its streamers going live (with a
 * live preview of the message), and the streamers it watches.
 */
import { Show } from 'solid-js';
import { usePageTitle } from '../../lib/title';
import { Banner } from '../../ui/Banner';
import { LoadState } from '../../ui/LoadState';
import { PageHeader } from '../../ui/PageHeader';
import { createLoaded } from '../monitoring/load';
import { getDiscordLookup, getGuildSettings } from './api';
import { GoLiveSettings } from './GoLiveSettings';
import { InGuild } from './InGuild';
import { StreamersTable } from './StreamersTable';
import type { DeskGuild } from './types';

export default function GoLivePage() {
  return <InGuild>{(guild) => <GoLive guild={guild} />}</InGuild>;
}

function GoLive(props: { guild: DeskGuild }) {
  usePageTitle(() => `Go-live · ${props.guild.name}`);
  const readOnly = () => props.guild.level !== 'admin';
  const settings = createLoaded(() => getGuildSettings(props.guild.guildId));
  const lookup = createLoaded(() => getDiscordLookup(props.guild.guildId));
  return (
    <div class="flex flex-col gap-4">
      <PageHeader
        title="Go-live"
        description={`Announcements in ${props.guild.name} when its streamers go live on Twitch, YouTube or Kick.`}
      />
      <Show when={readOnly()}>
        <Banner tone="info" title="Read-only">
          Only the server's admins (Manage Server on Discord) can change go-live settings and streamers.
        </Banner>
      </Show>
      <LoadState load={settings} what="go-live settings" lines={6}>
        {(loaded) => (
          <GoLiveSettings
            guildId={props.guild.guildId}
            readOnly={readOnly}
            lookup={lookup}
            settings={loaded}
            onSaved={(saved) => settings.setValue(saved)}
          />
        )}
      </LoadState>
      <StreamersTable guildId={props.guild.guildId} readOnly={readOnly} />
    </div>
  );
}

/**
 * /desk/:guildId/settings: the guild's ticket setup in three tabs (general, categories, panels).
 * Admins change it; staff see the same pages read-only.
 */
import { useSearchParams } from '@solidjs/router';
import { Match, Show, Switch } from 'solid-js';
import { usePageTitle } from '../../lib/title';
import { Banner } from '../../ui/Banner';
import { PageHeader } from '../../ui/PageHeader';
import { Tabs } from '../../ui/Tabs';
import { createLoaded } from '../monitoring/load';
import { getDiscordLookup } from './api';
import { CategoriesPanel } from './CategoriesPanel';
import { GeneralSettings } from './GeneralSettings';
import { InGuild } from './InGuild';
import { PanelsPanel } from './PanelsPanel';
import type { DeskGuild } from './types';

const tabs = [
  { id: 'general', label: 'General', icon: 'i-ph-sliders' },
  { id: 'categories', label: 'Categories', icon: 'i-ph-folders' },
  { id: 'panels', label: 'Panels', icon: 'i-ph-layout' },
] as const;
type TabId = (typeof tabs)[number]['id'];

export default function SettingsPage() {
  return <InGuild>{(guild) => <GuildSettingsPage guild={guild} />}</InGuild>;
}

function GuildSettingsPage(props: { guild: DeskGuild }) {
  usePageTitle(() => `Settings · ${props.guild.name}`);
  const [params, setParams] = useSearchParams<{ tab?: string }>();
  const selected = (): TabId => (tabs.some((t) => t.id === params.tab) ? (params.tab as TabId) : 'general');
  const readOnly = () => props.guild.level !== 'admin';
  const lookup = createLoaded(() => getDiscordLookup(props.guild.guildId));
  const section = { guildId: props.guild.guildId, readOnly, lookup };

  return (
    <div class="flex flex-col gap-4">
      <PageHeader title="Settings" description={`How tickets work in ${props.guild.name}.`} />
      <Show when={readOnly()}>
        <Banner tone="info" title="Read-only">
          Only the server's admins (Manage Server on Discord) can change these settings.
        </Banner>
      </Show>
      <Show when={lookup.error()}>
        <Banner tone="warn" title="Could not read the server's channels and roles">
          The pickers below are empty until the bot can reach Discord.
        </Banner>
      </Show>
      <Tabs
        label="Settings sections"
        tabs={tabs}
        selected={selected()}
        onSelect={(id) => setParams({ tab: id }, { replace: true })}
      >
        {(id) => (
          <Switch>
            <Match when={id === 'general'}>
              <GeneralSettings {...section} />
            </Match>
            <Match when={id === 'categories'}>
              <CategoriesPanel {...section} />
            </Match>
            <Match when={id === 'panels'}>
              <PanelsPanel {...section} />
            </Match>
          </Switch>
        )}
      </Tabs>
    </div>
  );
}

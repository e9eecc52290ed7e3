/** /studio/moderation: the rules and AI thresholds, the log, the review queue and the allow-list. */
import { createSignal } from 'solid-js';
import { usePageTitle } from '../../lib/title';
import { LoadState } from '../../ui/LoadState';
import { PageHeader } from '../../ui/PageHeader';
import { Tabs } from '../../ui/Tabs';
import { createLoaded } from '../monitoring/load';
import { getModerationSettings } from './api';
import { ActionLog } from './components/ActionLog';
import { Allowlist } from './components/Allowlist';
import { ReviewQueue } from './components/ReviewQueue';
import { RulesForm } from './components/RulesForm';

type Tab = 'rules' | 'log' | 'review' | 'allow';
const tabs = [
  { id: 'rules', label: 'Rules', icon: 'i-ph-shield-check' },
  { id: 'review', label: 'Review queue', icon: 'i-ph-eye' },
  { id: 'log', label: 'Log', icon: 'i-ph-list-checks' },
  { id: 'allow', label: 'Allow-list', icon: 'i-ph-hand-palm' },
] as const;

export default function ModerationPage() {
  usePageTitle('Moderation');
  const [tab, setTab] = createSignal<Tab>('rules');
  const settings = createLoaded(getModerationSettings);
  return (
    <div class="flex flex-col gap-6">
      <PageHeader
        title="Moderation"
        description="Rule filters and AI scoring on every chat line, escalating from delete to timeout to ban. Mods let a viewer post a link with !permit <user>; undoing an action teaches the allow-list."
      />
      <Tabs label="Moderation" tabs={tabs} selected={tab()} onSelect={setTab}>
        {(id) => {
          if (id === 'log') return <ActionLog />;
          if (id === 'review') return <ReviewQueue />;
          if (id === 'allow') return <Allowlist />;
          return (
            <LoadState load={settings} what="moderation settings" lines={8}>
              {(loaded) => <RulesForm initial={loaded} onSaved={(next) => settings.setValue(() => next)} />}
            </LoadState>
          );
        }}
      </Tabs>
    </div>
  );
}

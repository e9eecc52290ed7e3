/**
 * /studio/tools: the chat tools viewers use with the bot — quotes, keyword triggers, counters and
 * the viewer queue — one tab each, the open tab kept in `?tab=` so it can be linked.
 */
import { useSearchParams } from '@solidjs/router';
import { Match, Switch } from 'solid-js';
import { usePageTitle } from '../../lib/title';
import { PageHeader } from '../../ui/PageHeader';
import { type TabItem, Tabs } from '../../ui/Tabs';
import { CountersTab } from './tools/CountersTab';
import { KeywordsTab } from './tools/KeywordsTab';
import { QueueTab } from './tools/QueueTab';
import { QuotesTab } from './tools/QuotesTab';

type ToolTab = 'quotes' | 'keywords' | 'counters' | 'queue';

const tabs: readonly TabItem<ToolTab>[] = [
  { id: 'quotes', label: 'Quotes', icon: 'i-ph-quotes' },
  { id: 'keywords', label: 'Keywords', icon: 'i-ph-key' },
  { id: 'counters', label: 'Counters', icon: 'i-ph-hash' },
  { id: 'queue', label: 'Viewer queue', icon: 'i-ph-users-three' },
];

export default function ToolsPage() {
  usePageTitle('Chat tools');
  const [params, setParams] = useSearchParams<{ tab?: string }>();
  const selected = (): ToolTab => tabs.find((t) => t.id === params.tab)?.id ?? 'quotes';

  return (
    <div class="flex flex-col gap-6">
      <PageHeader
        title="Chat tools"
        description="Quotes, keyword replies, counters and the viewer queue: what chat uses with the bot between commands."
      />
      <Tabs
        label="Chat tools"
        tabs={tabs}
        selected={selected()}
        onSelect={(tab) => setParams({ tab: tab === 'quotes' ? undefined : tab }, { replace: true })}
      >
        {(tab) => (
          <Switch>
            <Match when={tab === 'quotes'}>
              <QuotesTab />
            </Match>
            <Match when={tab === 'keywords'}>
              <KeywordsTab />
            </Match>
            <Match when={tab === 'counters'}>
              <CountersTab />
            </Match>
            <Match when={tab === 'queue'}>
              <QueueTab />
            </Match>
          </Switch>
        )}
      </Tabs>
    </div>
  );
}

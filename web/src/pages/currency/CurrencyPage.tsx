/** /studio/currency: how viewers earn, who has the most, one viewer's ledger and grants. */
import { createSignal, Show } from 'solid-js';
import { usePageTitle } from '../../lib/title';
import { PageHeader } from '../../ui/PageHeader';
import type { CurrencyViewer } from './api';
import { CurrencySettingsCard } from './components/CurrencySettingsCard';
import { Leaderboard } from './components/Leaderboard';
import { createBotSettings } from './components/settings';
import { ViewerDialog } from './components/ViewerDialog';

export default function CurrencyPage() {
  usePageTitle('Currency');
  const settings = createBotSettings();
  const [open, setOpen] = createSignal<CurrencyViewer | null>(null);
  const [version, setVersion] = createSignal(0);
  const currency = () => settings.load.value()?.currency.name ?? 'points';
  return (
    <div class="flex flex-col gap-6">
      <PageHeader
        title="Currency"
        description="Viewers earn it by watching and chatting, on every platform, into one balance once they !link their accounts. Chat uses !points, !give, !top; mods !addpoints and !removepoints."
      />
      <CurrencySettingsCard settings={settings} />
      <Leaderboard currency={currency()} onOpen={setOpen} version={version()} />
      <Show when={open()}>
        {(viewer) => (
          <ViewerDialog
            viewerId={viewer().id}
            name={viewer().displayName}
            currency={currency()}
            onClose={() => setOpen(null)}
            onChanged={() => setVersion((n) => n + 1)}
          />
        )}
      </Show>
    </div>
  );
}

/**
 * Automations: the hooks events go out through (n8n and the like), the delivery log with replay,
 * and the inbound webhook workflows call back in through.
 */
import { createSignal, onMount } from 'solid-js';
import { PageHeader } from '../../ui/PageHeader';
import { createLoaded } from '../monitoring/load';
import { eventTypes, inboundInfo, listHooks } from './api';
import { DeliveryLog } from './DeliveryLog';
import { HooksPanel } from './HooksPanel';
import { InboundPanel } from './InboundPanel';
import { eventLabels } from './look';

const knownTypes = Object.keys(eventLabels).filter((type) => type !== 'test');

export default function AutomationsPage() {
  const hooks = createLoaded(listHooks);
  const inbound = createLoaded(inboundInfo);
  const [types, setTypes] = createSignal<string[]>(knownTypes);
  const [changed, setChanged] = createSignal(0);
  onMount(() => {
    eventTypes()
      .then(setTypes)
      .catch(() => {});
  });

  return (
    <div class="flex flex-col gap-6">
      <PageHeader
        title="Automations"
        description="Send homelab events to n8n or any webhook, signed; let workflows call back in."
      />
      <HooksPanel
        hooks={hooks}
        eventTypes={types()}
        onChanged={() => {
          void hooks.reload();
          setChanged((n) => n + 1);
        }}
      />
      <DeliveryLog hooks={hooks.value() ?? []} changed={changed()} />
      <InboundPanel inbound={inbound} />
    </div>
  );
}

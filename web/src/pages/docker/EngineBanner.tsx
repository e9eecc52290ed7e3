/** Says plainly when the container engine is down or still connecting, and that it is being retried. */
import { Match, Switch } from 'solid-js';
import { Banner } from '../../ui/Banner';
import { type Outage, outageText } from './errors';
import type { EngineStatus } from './types';

export function EngineBanner(props: { engine: EngineStatus | null; outage?: Outage; message?: string }) {
  const retryText = () => {
    const ms = props.engine?.retryInMs;
    return ms ? `Retrying in ${Math.max(1, Math.round(ms / 1000))} s.` : 'Retrying automatically.';
  };
  return (
    <Switch>
      <Match when={props.engine?.status === 'unreachable' || props.outage === 'engine'}>
        <Banner tone="danger" title={outageText.engine.title}>
          <p>{props.engine?.error ?? props.message ?? 'The engine did not answer.'}</p>
          <p>
            {retryText()} Is Docker running, and is its socket mounted into the runners container? Containers
            keep running meanwhile; this page shows them again once the engine answers.
          </p>
        </Banner>
      </Match>
      <Match when={props.outage === 'runner'}>
        <Banner tone="warn" title={outageText.runner.title}>
          {props.message ?? outageText.runner.hint} Retrying automatically.
        </Banner>
      </Match>
      <Match when={props.engine?.status === 'connecting'}>
        <Banner tone="info" title="Connecting to the container engine…" />
      </Match>
    </Switch>
  );
}

/** The loading / outage / error / empty / ready states every Docker list shares, so each page only describes its table. */
import { type JSX, Match, Show, Switch } from 'solid-js';
import { Banner } from '../../ui/Banner';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorState } from '../../ui/ErrorState';
import { Skeleton } from '../../ui/Skeleton';
import type { DockerList } from './docker-list';
import { EngineBanner } from './EngineBanner';
import { messageOf } from './errors';

export interface ListPanelProps<T> {
  list: DockerList<T>;
  /** "images": used in the loading and error texts. */
  what: string;
  empty: { title: string; icon: string; body?: JSX.Element; action?: JSX.Element };
  children: (items: T[]) => JSX.Element;
}

export function ListPanel<T>(props: ListPanelProps<T>) {
  const { list } = props;
  return (
    <>
      <Show when={list.outage()}>
        {(outage) => <EngineBanner engine={null} outage={outage()} message={messageOf(list.error(), '')} />}
      </Show>
      <Switch>
        <Match when={list.items()?.length === 0}>
          <EmptyState title={props.empty.title} icon={props.empty.icon} action={props.empty.action}>
            {props.empty.body}
          </EmptyState>
        </Match>
        <Match when={list.items()}>
          {(items) => (
            <>
              <Show when={list.error() && !list.outage()}>
                <Banner tone="warn" title={`Could not refresh the ${props.what}`}>
                  {messageOf(list.error(), 'Showing the last list loaded.')}
                </Banner>
              </Show>
              {props.children(items())}
            </>
          )}
        </Match>
        <Match when={list.error() && !list.outage()}>
          <ErrorState
            title={`Could not load the ${props.what}`}
            message={messageOf(list.error(), 'The server did not answer.')}
            onRetry={() => void list.reload()}
            retrying={list.loading()}
          />
        </Match>
        <Match when={list.outage()}>
          <EmptyState title={`The ${props.what} appear once Docker answers`} icon="i-ph-plugs" />
        </Match>
        <Match when={true}>
          <Skeleton lines={5} label={`Loading ${props.what}…`} />
        </Match>
      </Switch>
    </>
  );
}

/**
 * Sunshine's applications as a grid: Launch starts one on the host, Stop (confirmed) ends the one
 * running. Hosts whose web API cannot launch (upstream Sunshine) say so when asked.
 */
import type { GamingStatus, SunshineApp } from '@homelab/db/gaming';
import { createSignal, For, Show } from 'solid-js';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { createConfirmation } from '../../ui/confirmation';
import { LoadState } from '../../ui/LoadState';
import { toast } from '../../ui/Toast';
import { messageOf } from '../docker/errors';
import { createLoaded } from '../monitoring/load';
import { closeApp, launchApp, listApps } from './api';

export function AppsPanel(props: { status: GamingStatus; onChanged: () => void }) {
  const apps = createLoaded(listApps);
  const [launching, setLaunching] = createSignal<string | null>(null);
  const running = () => props.status.currentApp?.uuid ?? null;

  const launch = async (app: SunshineApp) => {
    if (!app.uuid) return;
    setLaunching(app.uuid);
    try {
      await launchApp(app.uuid);
      toast(`${app.name} started`);
      props.onChanged();
    } catch (error) {
      toast(messageOf(error, `Could not start ${app.name}.`), 'danger');
    } finally {
      setLaunching(null);
    }
  };
  const stopping = createConfirmation(async (name: string) => {
    await closeApp();
    toast(`${name} stopped`);
    props.onChanged();
  }, 'Could not stop the application.');

  return (
    <Card title="Applications" icon="i-ph-squares-four">
      <LoadState
        load={apps}
        what="applications"
        empty={{
          title: 'No applications',
          icon: 'i-ph-squares-four',
          body: 'Add applications in Sunshine’s web UI.',
        }}
      >
        {(list) => (
          <ul class="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-3" aria-label="Applications">
            <For each={list}>
              {(app) => {
                const isRunning = () => app.uuid !== null && app.uuid === running();
                return (
                  <li class="flex items-center justify-between gap-3 rounded-control bg-space-800/60 px-4 py-3">
                    <div class="min-w-0">
                      <p class="truncate font-medium text-ink">{app.name}</p>
                      <Show when={isRunning()}>
                        <p class="text-xs text-ok-300">Running</p>
                      </Show>
                    </div>
                    <Show
                      when={isRunning()}
                      fallback={
                        <Button
                          size="sm"
                          icon="i-ph-play"
                          aria-label={`Launch ${app.name}`}
                          disabled={!app.uuid}
                          title={
                            app.uuid
                              ? undefined
                              : 'This Sunshine version cannot launch applications from its web API'
                          }
                          busy={launching() === app.uuid}
                          onClick={() => void launch(app)}
                        >
                          Launch
                        </Button>
                      }
                    >
                      <Button
                        size="sm"
                        variant="danger"
                        icon="i-ph-stop"
                        aria-label={`Stop ${app.name}`}
                        onClick={() => stopping.open(app.name)}
                      >
                        Stop
                      </Button>
                    </Show>
                  </li>
                );
              }}
            </For>
          </ul>
        )}
      </LoadState>
      <ConfirmDialog
        {...stopping.dialog}
        title={`Stop ${stopping.target() ?? 'the application'}?`}
        description="Sunshine closes it on the gaming PC; anyone streaming it is disconnected and unsaved progress may be lost."
        confirmLabel="Stop application"
      />
    </Card>
  );
}

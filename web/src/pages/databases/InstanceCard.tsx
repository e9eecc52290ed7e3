/** One deployed database: state, wiring and resources, its actions, and sections for connecting, backups and the schedule. */
import { createSignal, For, Show } from 'solid-js';
import { plural } from '../../lib/format';
import { Badge } from '../../ui/Badge';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { Disclosure } from '../../ui/Disclosure';
import { toast } from '../../ui/Toast';
import { messageOf } from '../docker/errors';
import { backUpNow, runInstanceAction } from './api';
import { BackupsPanel } from './BackupsPanel';
import { ConnectionPanel } from './ConnectionPanel';
import type { DatabasesFeed } from './databases-feed';
import { allowedInstanceActions, instanceLook, scheduleText } from './instances';
import { ScheduleEditor } from './ScheduleEditor';
import type { DatabaseBackup, DatabaseInstance, DatabaseTemplate, InstanceAction } from './types';

const actionLook: Record<InstanceAction, { label: string; done: string; icon: string }> = {
  start: { label: 'Start', done: 'started', icon: 'i-ph-play' },
  stop: { label: 'Stop', done: 'stopped', icon: 'i-ph-stop' },
  restart: { label: 'Restart', done: 'restarted', icon: 'i-ph-arrows-clockwise' },
};

export function exposureText(instance: Pick<DatabaseInstance, 'expose' | 'hostPort'>): string {
  if (instance.expose === 'none') return 'Only on its Docker network';
  const host = instance.expose === 'localhost' ? '127.0.0.1' : 'LAN';
  return `${host}:${instance.hostPort ?? '?'}`;
}

export interface InstanceCardProps {
  instance: DatabaseInstance;
  template: DatabaseTemplate | undefined;
  feed: DatabasesFeed;
  onRestore: (backup: DatabaseBackup) => void;
  onRotate: () => void;
  onDelete: () => void;
}

export function InstanceCard(props: InstanceCardProps) {
  const [pending, setPending] = createSignal<InstanceAction | 'backup' | null>(null);
  const i = () => props.instance;
  const look = () => instanceLook(i());
  const busyStatus = () => i().status === 'deploying' || i().status === 'deleting';
  const latest = () => props.feed.progressOf(i().id).at(-1);
  const working = () => {
    const event = latest();
    return event && !event.done ? event.message : null;
  };

  const act = async (action: InstanceAction) => {
    setPending(action);
    try {
      props.feed.put(await runInstanceAction(i().id, action));
      toast(`${i().name} ${actionLook[action].done}`);
    } catch (error) {
      toast(`Could not ${action} ${i().name}: ${messageOf(error, 'no answer')}`, 'danger');
    } finally {
      setPending(null);
    }
  };

  const backup = async () => {
    setPending('backup');
    try {
      await backUpNow(i().id);
      toast(`Backing up ${i().name}…`, 'info');
    } catch (error) {
      toast(`Could not back up ${i().name}: ${messageOf(error, 'no answer')}`, 'danger');
    } finally {
      setPending(null);
    }
  };

  return (
    <Card
      title={i().name}
      icon="i-ph-database"
      actions={
        <Badge tone={look().tone}>
          <span class="sr-only">Status: </span>
          {look().text}
        </Badge>
      }
    >
      <dl class="grid grid-cols-2 gap-x-4 gap-y-2 text-sm sm:grid-cols-4">
        <div>
          <dt class="text-xs text-ink-muted">Engine</dt>
          <dd class="text-ink">
            {props.template?.name ?? i().engine} {i().version}
          </dd>
        </div>
        <div>
          <dt class="text-xs text-ink-muted">Reachable at</dt>
          <dd class="text-ink">{exposureText(i())}</dd>
        </div>
        <div>
          <dt class="text-xs text-ink-muted">Limits</dt>
          <dd class="text-ink">
            {i().memoryMb} MB, {plural(i().cpus, 'CPU')}
          </dd>
        </div>
        <div>
          <dt class="text-xs text-ink-muted">Backups</dt>
          <dd class="text-ink">{scheduleText(i().backupSchedule, i().backupRetention)}</dd>
        </div>
      </dl>

      <Show when={i().status === 'failed' && i().statusDetail}>
        <Banner tone="danger" title="Last operation failed">
          {i().statusDetail}
        </Banner>
      </Show>
      <Show when={working()}>
        {(message) => (
          <p class="flex items-center gap-2 text-sm text-cyan-300">
            <span class="i-ph-circle-notch spinner" aria-hidden="true" />
            {message()}
          </p>
        )}
      </Show>

      <div class="flex flex-wrap gap-2">
        <For each={allowedInstanceActions(i())}>
          {(action) => (
            <Button
              size="sm"
              icon={actionLook[action].icon}
              busy={pending() === action}
              disabled={pending() !== null && pending() !== action}
              aria-label={`${actionLook[action].label} ${i().name}`}
              onClick={() => void act(action)}
            >
              {actionLook[action].label}
            </Button>
          )}
        </For>
        {/* A dump needs the server up: a stopped or failed instance cannot be backed up. */}
        <Show when={props.template?.supports.backup !== false && i().status === 'running'}>
          <Button
            size="sm"
            icon="i-ph-archive"
            busy={pending() === 'backup'}
            aria-label={`Back up ${i().name} now`}
            onClick={() => void backup()}
          >
            Back up now
          </Button>
        </Show>
        <Show when={props.template?.supports.rotate !== false && i().status === 'running'}>
          <Button
            size="sm"
            icon="i-ph-key"
            aria-label={`Rotate the password of ${i().name}`}
            onClick={props.onRotate}
          >
            Rotate password
          </Button>
        </Show>
        <Show when={i().status !== 'deleting'}>
          <Button
            size="sm"
            variant="danger"
            icon="i-ph-trash"
            aria-label={`Delete ${i().name}`}
            onClick={props.onDelete}
          >
            Delete…
          </Button>
        </Show>
      </div>

      <Show when={!busyStatus() && i().status !== 'failed'}>
        <Disclosure label="Connect" icon="i-ph-plug">
          <ConnectionPanel instance={i()} />
        </Disclosure>
      </Show>
      <Show when={props.template?.supports.backup !== false && i().status !== 'deploying'}>
        <Disclosure label="Backups and schedule" icon="i-ph-archive">
          <div class="flex flex-col gap-4">
            <BackupsPanel
              instance={i()}
              feed={props.feed}
              canRestore={props.template?.supports.restore !== false}
              onRestore={props.onRestore}
            />
            <ScheduleEditor instance={i()} onSaved={props.feed.put} />
          </div>
        </Disclosure>
      </Show>
    </Card>
  );
}

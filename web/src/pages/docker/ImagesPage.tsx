/**
 * /docker/images: local images with size, tags, which containers use them and whether the
 * registry has a newer one; pull with live progress, remove, prune, and check for updates.
 */
import { createSignal, For, onCleanup, Show } from 'solid-js';
import { formatBytes, formatRelative, plural, shortId } from '../../lib/format';
import { usePageTitle } from '../../lib/title';
import { Badge, type Tone } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { createConfirmation } from '../../ui/confirmation';
import { CheckboxField } from '../../ui/Field';
import { toast } from '../../ui/Toast';
import { checkImageUpdates, listImages, pruneImages, removeImage } from './api';
import { DockerHeader } from './DockerHeader';
import { createDockerList } from './docker-list';
import { messageOf } from './errors';
import { PullDialog } from './PullDialog';
import { pruneSummary } from './prune';
import { RemoveButton } from './RemoveButton';
import { ResourceTable } from './ResourceTable';
import type { Image } from './types';
import { UsedBy } from './UsedBy';

const updateLook: Record<Image['update'], { tone: Tone; text: string; icon: string }> = {
  available: { tone: 'warn', text: 'Update available', icon: 'i-ph-arrow-circle-up' },
  current: { tone: 'ok', text: 'Up to date', icon: 'i-ph-check-circle' },
  unknown: { tone: 'neutral', text: 'Unknown', icon: 'i-ph-question' },
  local: { tone: 'info', text: 'Built locally', icon: 'i-ph-hammer' },
};

const imageName = (image: Image) => image.tags[0] ?? `untagged ${shortId(image.id)}`;

export default function ImagesPage() {
  usePageTitle('Images');
  const images = createDockerList(listImages, { refreshOn: ['image', 'container'] });
  const [pulling, setPulling] = createSignal(false);
  const [checking, setChecking] = createSignal(false);
  const [force, setForce] = createSignal(false);
  const [pruneAll, setPruneAll] = createSignal(false);
  const removal = createConfirmation(async (image: Image) => {
    await removeImage(image.id, force());
    toast(`Removed ${imageName(image)}`);
    void images.reload();
  }, 'Could not remove the image.');
  const pruning = createConfirmation(async () => {
    toast(pruneSummary(await pruneImages(pruneAll()), 'image', 'Nothing to prune'));
    void images.reload();
  }, 'Could not prune images.');

  // The check runs in the background on the runner and announces nothing when done: poll until
  // every registry image has a check newer than the request (or give up after half a minute).
  let disposed = false;
  onCleanup(() => {
    disposed = true;
  });
  const checkUpdates = async () => {
    setChecking(true);
    try {
      const { queued } = await checkImageUpdates();
      if (queued === 0) {
        toast('Nothing to check: no image here comes from a registry', 'info');
        return;
      }
      toast(`Checking ${plural(queued, 'image')} against their registries…`, 'info');
      const asked = Date.now() - 5000;
      for (let round = 0; round < 10 && !disposed; round++) {
        await new Promise((resolve) => setTimeout(resolve, 3000));
        await images.reload();
        const waiting = (images.items() ?? []).filter(
          (i) =>
            i.tags.length > 0 && i.update !== 'local' && (!i.checkedAt || Date.parse(i.checkedAt) < asked),
        );
        if (waiting.length === 0) break;
      }
      if (disposed) return;
      const available = (images.items() ?? []).filter((i) => i.update === 'available').length;
      toast(available ? `${plural(available, 'image')} can be updated` : 'No updates found');
    } catch (caught) {
      toast(`Could not check for updates: ${messageOf(caught, 'no answer')}`, 'danger');
    } finally {
      setChecking(false);
    }
  };

  const totalSize = () => (images.items() ?? []).reduce((sum, i) => sum + i.sizeBytes, 0);

  return (
    <>
      <DockerHeader
        title="Images"
        description={
          images.items()
            ? `${plural(images.items()!.length, 'image')}, ${formatBytes(totalSize())} on disk.`
            : 'Images on this engine.'
        }
        actions={
          <>
            <Button
              size="sm"
              icon="i-ph-arrows-clockwise"
              busy={checking()}
              onClick={() => void checkUpdates()}
            >
              Check for updates
            </Button>
            <Button
              size="sm"
              icon="i-ph-broom"
              onClick={() => {
                setPruneAll(false);
                pruning.open(true);
              }}
            >
              Prune…
            </Button>
            <Button size="sm" variant="primary" icon="i-ph-download-simple" onClick={() => setPulling(true)}>
              Pull image
            </Button>
          </>
        }
      />
      <ResourceTable
        title="Images"
        icon="i-ph-disc"
        list={images}
        what="images"
        empty={{
          title: 'No images yet',
          icon: 'i-ph-disc',
          body: 'Pull one to get started.',
          action: (
            <Button size="sm" variant="primary" icon="i-ph-download-simple" onClick={() => setPulling(true)}>
              Pull image
            </Button>
          ),
        }}
        minWidth="min-w-[56rem]"
        caption="Images, largest first"
        columns={[
          { label: 'Tags' },
          { label: 'ID' },
          { label: 'Size' },
          { label: 'Created' },
          { label: 'Used by' },
          { label: 'Update' },
          { label: 'Actions', hidden: true },
        ]}
        order={(a, b) => b.sizeBytes - a.sizeBytes}
      >
        {(image) => (
          <tr>
            <th scope="row" class="py-2 pr-4 text-left font-normal">
              <Show when={image.tags.length > 0} fallback={<span class="text-ink-muted">untagged</span>}>
                <ul>
                  <For each={image.tags}>{(tag) => <li class="font-mono text-xs text-ink">{tag}</li>}</For>
                </ul>
              </Show>
            </th>
            <td class="py-2 pr-4 font-mono text-xs text-ink-muted">{shortId(image.id)}</td>
            <td class="whitespace-nowrap py-2 pr-4 tabular-nums text-ink">{formatBytes(image.sizeBytes)}</td>
            <td class="whitespace-nowrap py-2 pr-4 text-ink-muted">{formatRelative(image.createdAt)}</td>
            <td class="py-2 pr-4">
              <UsedBy items={image.containers} />
            </td>
            <td class="whitespace-nowrap py-2 pr-4">
              <Badge tone={updateLook[image.update].tone} icon={updateLook[image.update].icon}>
                {updateLook[image.update].text}
              </Badge>
              <Show when={image.checkedAt}>
                <div class="text-xs text-ink-muted">checked {formatRelative(image.checkedAt)}</div>
              </Show>
            </td>
            <td class="py-2 text-right">
              <RemoveButton
                label={`Remove image ${imageName(image)}`}
                onClick={() => {
                  setForce(false);
                  removal.open(image);
                }}
              />
            </td>
          </tr>
        )}
      </ResourceTable>

      <PullDialog open={pulling()} onClose={() => setPulling(false)} onPulled={() => void images.reload()} />
      <ConfirmDialog
        {...removal.dialog}
        title={`Remove ${removal.target() ? imageName(removal.target()!) : 'image'}?`}
        description={
          removal.target()?.containers.length
            ? `${plural(removal.target()!.containers.length, 'container')} still ${removal.target()!.containers.length === 1 ? 'uses' : 'use'} it: ${removal
                .target()!
                .containers.map((c) => c.name)
                .join(', ')}. Removing needs Force and breaks recreating them until it is pulled again.`
            : 'It can be pulled again later if it came from a registry.'
        }
        confirmLabel="Remove image"
      >
        <CheckboxField
          label="Force (also untag it from every repository, even if containers use it)"
          checked={force()}
          onChange={setForce}
        />
      </ConfirmDialog>
      <ConfirmDialog
        {...pruning.dialog}
        title="Prune images?"
        description="Removes dangling images (untagged layers left behind by rebuilds and pulls)."
        confirmLabel="Prune images"
      >
        <CheckboxField
          label="Also remove every image no container uses"
          checked={pruneAll()}
          onChange={setPruneAll}
          hint="They will have to be pulled again before use."
        />
      </ConfirmDialog>
    </>
  );
}

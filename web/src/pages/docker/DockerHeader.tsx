/** The heading and section tabs every Docker page starts with. */
import type { JSX } from 'solid-js';
import { NavTabs } from '../../ui/Tabs';

const sections = [
  { href: '/docker', label: 'Containers', icon: 'i-ph-cube', end: true },
  { href: '/docker/stacks', label: 'Stacks', icon: 'i-ph-stack' },
  { href: '/docker/images', label: 'Images', icon: 'i-ph-disc' },
  { href: '/docker/volumes', label: 'Volumes', icon: 'i-ph-database' },
  { href: '/docker/networks', label: 'Networks', icon: 'i-ph-share-network' },
] as const;

export function DockerTabs() {
  return <NavTabs label="Docker sections" items={sections} />;
}

export function DockerHeader(props: { title: string; description: string; actions?: JSX.Element }) {
  return (
    <div class="flex flex-col gap-3">
      <div class="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 class="text-2xl font-semibold text-ink">{props.title}</h1>
          <p class="text-sm text-ink-muted">{props.description}</p>
        </div>
        <div class="flex flex-wrap items-center gap-2">{props.actions}</div>
      </div>
      <DockerTabs />
    </div>
  );
}

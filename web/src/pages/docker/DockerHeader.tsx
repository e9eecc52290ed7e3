/** The heading and section tabs every Docker page starts with. */
import { PageHeader, type PageHeaderProps } from '../../ui/PageHeader';
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

export function DockerHeader(props: Omit<PageHeaderProps, 'tabs'>) {
  return <PageHeader {...props} tabs={<DockerTabs />} />;
}

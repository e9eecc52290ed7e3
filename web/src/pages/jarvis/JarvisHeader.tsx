/** The heading and section tabs every Jarvis page starts with. */
import { PageHeader, type PageHeaderProps } from '../../ui/PageHeader';
import { NavTabs } from '../../ui/Tabs';

const sections = [
  { href: '/jarvis', label: 'Chat', icon: 'i-ph-chats-circle', end: true },
  { href: '/jarvis/incidents', label: 'Incidents', icon: 'i-ph-siren' },
  { href: '/jarvis/autonomy', label: 'Autonomy', icon: 'i-ph-shield-check' },
  { href: '/jarvis/runbooks', label: 'Runbooks', icon: 'i-ph-book-open-text' },
  { href: '/jarvis/analyzer', label: 'Analyzer', icon: 'i-ph-package' },
] as const;

export function JarvisHeader(props: Omit<PageHeaderProps, 'tabs'>) {
  return <PageHeader {...props} tabs={<NavTabs label="Jarvis sections" items={sections} />} />;
}

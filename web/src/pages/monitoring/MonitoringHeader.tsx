/** The heading and section tabs every monitoring page starts with. */
import { PageHeader, type PageHeaderProps } from '../../ui/PageHeader';
import { NavTabs } from '../../ui/Tabs';

const sections = [
  { href: '/monitoring', label: 'Health', icon: 'i-ph-heartbeat', end: true },
  { href: '/monitoring/maintenance', label: 'Maintenance', icon: 'i-ph-wrench' },
] as const;

export function MonitoringHeader(props: Omit<PageHeaderProps, 'tabs'>) {
  return <PageHeader {...props} tabs={<NavTabs label="Monitoring sections" items={sections} />} />;
}

/** The sections of mission control, in menu order: single links, and groups that open a list of links. */
// @unocss-include: the icon classes below are plain strings in a .ts file, which UnoCSS skips by default.
export interface NavLink {
  href: string;
  label: string;
  /** A full `i-ph-*` class. */
  icon: string;
  /** Only this exact path marks the item current (the overview lives at "/"). */
  end?: boolean;
  /** Shown only to these roles; everyone signed in when absent. */
  roles?: readonly string[];
}

export interface NavGroup {
  label: string;
  icon: string;
  items: readonly NavLink[];
}

export type NavEntry = NavLink | NavGroup;

export const isGroup = (entry: NavEntry): entry is NavGroup => 'items' in entry;

export const navEntries: readonly NavEntry[] = [
  { href: '/', label: 'Overview', icon: 'i-ph-gauge', end: true },
  { href: '/jarvis', label: 'Jarvis', icon: 'i-ph-sparkle' },
  {
    label: 'Infrastructure',
    icon: 'i-ph-hard-drives',
    items: [
      // Stacks, images, volumes and networks are tabs under /docker, so this item stays current there.
      { href: '/docker', label: 'Containers', icon: 'i-ph-cube' },
      { href: '/databases', label: 'Databases', icon: 'i-ph-database' },
      { href: '/monitoring', label: 'Monitoring', icon: 'i-ph-heartbeat' },
      { href: '/network', label: 'Network', icon: 'i-ph-network' },
      { href: '/backups', label: 'Backups', icon: 'i-ph-cloud-arrow-up' },
    ],
  },
  {
    label: 'Home',
    icon: 'i-ph-house-line',
    items: [
      { href: '/smarthome', label: 'Smart home', icon: 'i-ph-lightbulb' },
      { href: '/gaming', label: 'Game streaming', icon: 'i-ph-game-controller' },
      { href: '/google', label: 'Google', icon: 'i-ph-google-logo' },
      { href: '/files', label: 'Files', icon: 'i-ph-file-arrow-up' },
    ],
  },
  {
    label: 'Automation',
    icon: 'i-ph-flow-arrow',
    items: [
      { href: '/notifications', label: 'Notifications', icon: 'i-ph-bell' },
      { href: '/automations', label: 'n8n & webhooks', icon: 'i-ph-webhooks-logo' },
      { href: '/deploys', label: 'Deploys', icon: 'i-ph-git-branch' },
    ],
  },
  { href: '/settings', label: 'Settings', icon: 'i-ph-gear-six' },
  // The desk has its own layout; owners and admins reach it from here, guests land there directly.
  { href: '/desk', label: 'Ticket desk', icon: 'i-ph-lifebuoy', roles: ['owner', 'admin'] },
];

/** Whether a link is the current page (or, without `end`, an ancestor of it). */
export function isCurrent(link: NavLink, pathname: string): boolean {
  if (link.end || link.href === '/') return pathname === link.href;
  return pathname === link.href || pathname.startsWith(`${link.href}/`);
}

/** The entries a role sees: links it may open, and groups with at least one such link. */
export function visibleEntries(role: string | undefined): NavEntry[] {
  const allowed = (link: NavLink) => !link.roles || link.roles.includes(role ?? '');
  return navEntries.flatMap((entry): NavEntry[] => {
    if (!isGroup(entry)) return allowed(entry) ? [entry] : [];
    const items = entry.items.filter(allowed);
    return items.length > 0 ? [{ ...entry, items }] : [];
  });
}

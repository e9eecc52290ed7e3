/** The sections of mission control, in menu order. */
// @unocss-include: the icon classes below are plain strings in a .ts file, which UnoCSS skips by default.
export interface NavItem {
  href: string;
  label: string;
  /** A full `i-ph-*` class. */
  icon: string;
  /** Only this exact path marks the item current (the overview lives at "/"). */
  end?: boolean;
  /** Shown only to these roles; everyone signed in when absent. */
  roles?: readonly string[];
}

export const navItems: readonly NavItem[] = [
  { href: '/', label: 'Overview', icon: 'i-ph-gauge', end: true },
  { href: '/jarvis', label: 'Jarvis', icon: 'i-ph-sparkle' },
  // Stacks, images, volumes and networks are tabs under /docker, so this item stays current there.
  { href: '/docker', label: 'Containers', icon: 'i-ph-cube' },
  { href: '/databases', label: 'Databases', icon: 'i-ph-database' },
  { href: '/monitoring', label: 'Monitoring', icon: 'i-ph-heartbeat' },
  { href: '/notifications', label: 'Notifications', icon: 'i-ph-bell' },
  { href: '/settings', label: 'Settings', icon: 'i-ph-gear-six' },
  // The desk has its own layout; owners and admins reach it from here, guests land there directly.
  { href: '/desk', label: 'Ticket desk', icon: 'i-ph-lifebuoy', roles: ['owner', 'admin'] },
];

/** How the desk names ticket states, priorities and durations, in words and badge tones. */
import type { Tone } from '../../ui/Badge';
import type { TicketEventView, TicketPriority, TicketStatus } from './types';

export const statusLabels: Record<TicketStatus, { label: string; tone: Tone }> = {
  open: { label: 'Open', tone: 'info' },
  awaiting_user: { label: 'Awaiting user', tone: 'warn' },
  closed: { label: 'Closed', tone: 'neutral' },
};

export const priorityLabels: Record<TicketPriority, { label: string; tone: Tone }> = {
  low: { label: 'Low', tone: 'neutral' },
  normal: { label: 'Normal', tone: 'info' },
  high: { label: 'High', tone: 'warn' },
  urgent: { label: 'Urgent', tone: 'danger' },
};

export const priorities = ['low', 'normal', 'high', 'urgent'] as const satisfies readonly TicketPriority[];

export const statusFilters = [
  { value: 'active', label: 'Active (open or awaiting)' },
  { value: 'open', label: 'Open' },
  { value: 'awaiting_user', label: 'Awaiting user' },
  { value: 'closed', label: 'Closed' },
  { value: 'all', label: 'All' },
] as const;

export const eventLabels: Record<TicketEventView['kind'], string> = {
  opened: 'opened the ticket',
  claimed: 'claimed the ticket',
  released: 'released the ticket',
  transferred: 'transferred the ticket',
  member_added: 'added a member',
  member_removed: 'removed a member',
  renamed: 'renamed the ticket',
  priority: 'changed the priority',
  awaiting_user: 'marked it awaiting the user',
  note: 'added a staff note',
  reply: 'replied',
  closed: 'closed the ticket',
  reopened: 'reopened the ticket',
  escalated: 'escalated (SLA breached)',
  rated: 'rated the support',
};

/** "12 min", "3 h 20 min", "2 d 4 h"; "—" when there is no data yet. */
export function formatMinutes(minutes: number | null | undefined): string {
  if (minutes === null || minutes === undefined || !Number.isFinite(minutes)) return '—';
  const m = Math.round(minutes);
  if (m < 60) return `${m} min`;
  if (m < 60 * 24) return m % 60 ? `${Math.floor(m / 60)} h ${m % 60} min` : `${m / 60} h`;
  const hours = Math.floor(m / 60);
  return hours % 24 ? `${Math.floor(hours / 24)} d ${hours % 24} h` : `${hours / 24} d`;
}

export const weekdays = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;

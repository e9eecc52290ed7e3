/** How a delivery's status and the event names read on the page. */
import type { Tone } from '../../ui/Badge';
import type { DeliveryStatus } from './types';

export const deliveryLook: Record<DeliveryStatus, { tone: Tone; icon: string; text: string }> = {
  delivered: { tone: 'ok', icon: 'i-ph-check', text: 'Delivered' },
  pending: { tone: 'info', icon: 'i-ph-hourglass', text: 'Pending' },
  failed: { tone: 'danger', icon: 'i-ph-x', text: 'Failed' },
};

export const eventLabels: Record<string, string> = {
  'incident.opened': 'Incident opened',
  'incident.closed': 'Incident closed',
  'container.died': 'Container died',
  'stream.live': 'Stream went live',
  'ticket.created': 'Ticket opened',
  'giveaway.won': 'Giveaway won',
  'backup.finished': 'Backup finished',
  'upload.infected': 'Infected upload',
  test: 'Test',
};

export const eventLabel = (type: string) => eventLabels[type] ?? type;

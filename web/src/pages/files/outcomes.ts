/** What the page says about each finished upload: a tone, a headline and the detail that explains it. */
import { formatBytes } from '../../lib/format';
import type { Tone } from '../../ui/Badge';
import type { FilesConfig, UploadStatus } from './types';
import type { UploadOutcome } from './upload';

export interface OutcomeLook {
  tone: Tone;
  icon: string;
  title: string;
  detail: string | null;
}

export const allowedList = (config: FilesConfig | null) =>
  config ? config.allowedTypes.map((t) => t.label).join(', ') : null;

export function outcomeLook(outcome: UploadOutcome, config: FilesConfig | null): OutcomeLook {
  switch (outcome.kind) {
    case 'stored':
      return outcome.upload.status === 'scanning'
        ? { tone: 'info', icon: 'i-ph-magnifying-glass', title: 'Stored; scanning', detail: null }
        : { tone: 'ok', icon: 'i-ph-check-circle', title: 'Clean, stored', detail: null };
    case 'refused':
      return outcome.upload?.status === 'infected'
        ? {
            tone: 'danger',
            icon: 'i-ph-shield-warning',
            title: 'Infected — quarantined',
            detail: outcome.upload.verdict ? `Signature: ${outcome.upload.verdict}` : outcome.message,
          }
        : {
            tone: 'danger',
            icon: 'i-ph-prohibit',
            title: 'Rejected',
            detail: outcome.upload?.verdict ? `Reason: ${outcome.upload.verdict}` : outcome.message,
          };
    case 'too_large':
      return {
        tone: 'danger',
        icon: 'i-ph-arrows-out',
        title: 'Too large',
        detail: `${outcome.message}${config ? ` The limit is ${formatBytes(config.maxBytes)}.` : ''}`,
      };
    case 'type_not_allowed':
      return {
        tone: 'danger',
        icon: 'i-ph-file-x',
        title: 'Type not allowed',
        detail: `${outcome.message}${config ? ` Allowed: ${allowedList(config)}.` : ''}`,
      };
    case 'cancelled':
      return { tone: 'neutral', icon: 'i-ph-x-circle', title: 'Cancelled', detail: null };
    default:
      return {
        tone: 'danger',
        icon: 'i-ph-warning-octagon',
        title: 'Upload failed',
        detail: outcome.message,
      };
  }
}

export const statusLook: Record<UploadStatus, { tone: Tone; icon: string; text: string }> = {
  clean: { tone: 'ok', icon: 'i-ph-check', text: 'Clean' },
  scanning: { tone: 'info', icon: 'i-ph-magnifying-glass', text: 'Scanning' },
  infected: { tone: 'danger', icon: 'i-ph-shield-warning', text: 'Infected' },
  rejected: { tone: 'warn', icon: 'i-ph-prohibit', text: 'Rejected' },
};

/**
 * Upload names made safe to show and to offer as a download name: the last path segment only, no
 * control or reserved characters, no leading dots or `..`, NFC, at most 120 characters, never a
 * reserved Windows device name. Files are stored under their id, never under this name.
 */
import type { AllowedType } from '@homelab/db/files';
import { extensionOf } from './detect';

export const maxNameLength = 120;
const windowsReserved = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i;

export function sanitizeName(raw: string): string {
  const normalized = raw.normalize('NFC');
  // Both separators: a Windows client's "..\\..\\x" is a traversal too.
  const base = normalized.split(/[/\\]/).pop() ?? '';
  let name = base
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed.
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/[<>:"|?*]/g, '_')
    .replace(/\.{2,}/g, '.')
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '')
    .trim();
  const ext = extensionOf(name);
  const stem = ext ? name.slice(0, -(ext.length + 1)) : name;
  if (windowsReserved.test(stem.split('.')[0] ?? '')) name = `_${name}`;
  if (name.length > maxNameLength) {
    const suffix = ext ? `.${ext}` : '';
    name = Array.from(name.slice(0, name.length - suffix.length))
      .slice(0, maxNameLength - suffix.length)
      .join('')
      .replace(/[.\s]+$/, '')
      .concat(suffix);
  }
  return name || 'upload';
}

/** The sanitised name with an extension that agrees with the detected type. */
export function nameForType(sanitized: string, type: AllowedType): string {
  const ext = extensionOf(sanitized);
  if (type.extensions.includes(ext)) return sanitized;
  const stem = ext ? sanitized.slice(0, -(ext.length + 1)) : sanitized;
  const wanted = `.${type.extensions[0]}`;
  return `${(stem || 'upload').slice(0, maxNameLength - wanted.length)}${wanted}`;
}

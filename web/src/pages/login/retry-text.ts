import { plural } from '../../lib/format';

/** Reads a rate limit's wait as people say it: "30 seconds", "2 minutes", "1 minute 5 seconds". */
export function waitText(seconds: number): string {
  const s = Math.max(1, Math.ceil(seconds));
  const minutes = Math.floor(s / 60);
  const rest = s % 60;
  if (minutes === 0) return plural(rest, 'second');
  return rest === 0 ? plural(minutes, 'minute') : `${plural(minutes, 'minute')} ${plural(rest, 'second')}`;
}

/** The choices the command and timer editors offer, with the words the studio shows for them. */
import type { Platform, ResponseType, UserLevel } from '../api';

export const levelOptions: { value: UserLevel; label: string }[] = [
  { value: 'everyone', label: 'Everyone' },
  { value: 'follower', label: 'Followers' },
  { value: 'subscriber', label: 'Subscribers' },
  { value: 'vip', label: 'VIPs' },
  { value: 'moderator', label: 'Moderators' },
  { value: 'broadcaster', label: 'Broadcaster only' },
];

export const responseTypeOptions: { value: ResponseType; label: string }[] = [
  { value: 'say', label: 'Say in chat' },
  { value: 'reply', label: 'Reply to the caller' },
  { value: 'whisper', label: 'Whisper (where the platform allows)' },
];

export const platformOptions: { value: Platform; label: string }[] = [
  { value: 'twitch', label: 'Twitch' },
  { value: 'youtube', label: 'YouTube' },
  { value: 'kick', label: 'Kick' },
];

export const levelLabel = (level: string) =>
  level === 'modLevel' ? 'Mods (setting)' : (levelOptions.find((o) => o.value === level)?.label ?? level);

/** "90" → "1m 30s", for cooldowns and intervals in tables. */
export function seconds(total: number) {
  if (total === 0) return 'none';
  const h = Math.floor(total / 3_600);
  const m = Math.floor((total % 3_600) / 60);
  const s = total % 60;
  return [h ? `${h}h` : '', m ? `${m}m` : '', s ? `${s}s` : ''].filter(Boolean).join(' ');
}

/** The bot settings as both pages edit them: loaded once, saved whole with one part changed. */
import { createLoaded } from '../../monitoring/load';
import { type BotSettings, getBotSettings, putBotSettings } from '../api';

export function createBotSettings() {
  const settings = createLoaded(getBotSettings);
  return {
    load: settings,
    /** Sends the whole document back with `part` replaced; keeps what the API answered. */
    async save<K extends 'currency' | 'games'>(key: K, part: BotSettings[K]) {
      const current = settings.value();
      if (!current) throw new Error('the settings are not loaded yet');
      const saved = await putBotSettings({ ...current, [key]: part });
      settings.setValue(() => saved);
      return saved;
    },
  };
}
export type BotSettingsState = ReturnType<typeof createBotSettings>;

/** A whole number from a text field within [min, max]; null when it is not one. */
export function wholeIn(text: string, min: number, max = Number.MAX_SAFE_INTEGER): number | null {
  if (!/^-?\d+$/.test(text.trim())) return null;
  const n = Number(text);
  return Number.isSafeInteger(n) && n >= min && n <= max ? n : null;
}

/** A number (decimals allowed) within [min, max]; null when it is not one. */
export function numberIn(text: string, min: number, max: number): number | null {
  if (text.trim() === '') return null;
  const n = Number(text);
  return Number.isFinite(n) && n >= min && n <= max ? n : null;
}

/** Checks the bot editors share before sending, so a typo is named under its field without a round trip. */

/** Whether a number field's text is a whole number from 0 to `max`. */
export function wholeUpTo(text: string, max: number): boolean {
  const n = Number(text);
  return text.trim() !== '' && Number.isInteger(n) && n >= 0 && n <= max;
}

/**
 * A keyword pattern (`*` matches any run of characters, case-insensitive, whole words at its ends)
 * as a matcher. Each literal piece becomes its own escaped RegExp searched after the previous
 * one, so no pattern a streamer types can make the engine backtrack across the message.
 */

const wordChar = /[\p{L}\p{N}_]/u;
const escapeRegExp = (text: string) => text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');

export type KeywordMatcher = (message: string) => boolean;

/** Null when the pattern has nothing to match (empty, or only wildcards). */
export function compileKeyword(pattern: string): KeywordMatcher | null {
  const pieces = pattern
    .trim()
    .split('*')
    .map((piece) => piece.trim());
  const literal = pieces.filter(Boolean);
  if (literal.length === 0) return null;
  const openStart = pieces[0] === '';
  const openEnd = pieces[pieces.length - 1] === '';
  const regexes = literal.map((piece, i) => {
    const body = piece.split(/\s+/).map(escapeRegExp).join('\\s+');
    const before = i === 0 && !openStart && wordChar.test(piece[0]!) ? '(?<![\\p{L}\\p{N}_])' : '';
    const last = i === literal.length - 1;
    const after = last && !openEnd && wordChar.test(piece[piece.length - 1]!) ? '(?![\\p{L}\\p{N}_])' : '';
    return new RegExp(`${before}${body}${after}`, 'giu');
  });
  return (message) => {
    let from = 0;
    for (const regex of regexes) {
      regex.lastIndex = from;
      const found = regex.exec(message);
      if (!found) return false;
      from = found.index + found[0].length;
    }
    return true;
  };
}

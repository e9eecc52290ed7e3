/** Labels typed as "key=value" lines, the way `docker volume create --label` takes them. */

export function parseLabels(text: string): { labels: Record<string, string>; error: string | null } {
  const labels: Record<string, string> = {};
  const lines = text.split('\n').map((l) => l.trim());
  for (const [i, line] of lines.entries()) {
    if (!line || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    const key = (eq === -1 ? line : line.slice(0, eq)).trim();
    if (!key) return { labels, error: `Line ${i + 1} has no key before "=".` };
    if (key.length > 128) return { labels, error: `Line ${i + 1}: keys are at most 128 characters.` };
    const value = eq === -1 ? '' : line.slice(eq + 1).trim();
    if (value.length > 512) return { labels, error: `Line ${i + 1}: values are at most 512 characters.` };
    labels[key] = value;
  }
  return { labels, error: null };
}

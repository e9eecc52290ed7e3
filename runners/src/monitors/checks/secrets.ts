/**
 * Keeps the password of a database URL out of what a check reports: drivers sometimes quote the
 * connection string or its parts in their errors, and check messages are shown on the status page.
 */

export function passwordOf(url: string): string | null {
  try {
    const password = new URL(url).password;
    return password ? decodeURIComponent(password) : null;
  } catch {
    return null;
  }
}

export function withoutSecret(message: string, url: string): string {
  const password = passwordOf(url);
  let text = message.replaceAll(url, '<url>');
  if (password) {
    for (const form of new Set([password, encodeURIComponent(password)])) text = text.replaceAll(form, '***');
  }
  return text;
}

/**
 * Email sender over SMTP with nodemailer: plain text with a simple HTML twin, one connection per
 * message (alerts are rare; a pooled connection would only go stale between them).
 */
import type { ChannelConfig } from '@homelab/db/monitoring';
import nodemailer from 'nodemailer';
import { reason, type Send, SendError } from './message';

type SmtpConfig = Extract<ChannelConfig, { type: 'smtp' }>;

const escapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => escapes[c] as string);

export function mailHtml(title: string, body: string): string {
  const paragraphs = body
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
  return `<!doctype html><html><body style="font-family:sans-serif"><h2>${escapeHtml(title)}</h2>\n${paragraphs}\n<p style="color:#888;font-size:12px">Sent by HomeLabHub</p></body></html>`;
}

export const sendSmtp: Send<SmtpConfig> = async (config, message, signal) => {
  const transport = nodemailer.createTransport({
    host: config.host,
    port: config.port,
    secure: config.secure,
    ...(config.username ? { auth: { user: config.username, pass: config.password ?? '' } } : {}),
    // The sender's own timeout aborts the whole send; these keep a silent server from holding a socket.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 10_000,
  });
  let onAbort = () => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(new SendError(`The mail server ${config.host} did not answer in time`));
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
  });
  // Rejecting after the mail went out must not surface as an unhandled rejection.
  aborted.catch(() => {});
  try {
    await Promise.race([
      transport.sendMail({
        from: config.from,
        to: config.to,
        subject: message.title.replace(/[\r\n]+/g, ' '),
        text: message.body,
        html: mailHtml(message.title, message.body),
      }),
      aborted,
    ]);
  } catch (error) {
    if (error instanceof SendError) throw error;
    throw new SendError(`The mail server ${config.host} refused the message: ${reason(error)}`);
  } finally {
    signal.removeEventListener('abort', onAbort);
    transport.close();
  }
};

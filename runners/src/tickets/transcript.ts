/**
 * A closed ticket's transcript: a self-contained HTML page (no scripts, no remote images; the desk
 * serves it under a strict CSP) and a plain-text twin, from the ticket channel's messages.
 */
import type { TranscriptAttachment } from '@homelab/db/schema';
import type { APIMessage } from 'discord-api-types/v10';
import { formatLocal, safeTimeZone } from './hours';

export type TranscriptTicket = {
  number: number;
  subject: string;
  categoryName: string | null;
  openerId: string;
  openerName: string;
  claimerId: string | null;
  claimerName: string | null;
  openedAt: Date;
  closedAt: Date | null;
  closedByName: string | null;
  closeReason: string | null;
};

export type TranscriptInput = {
  guild: { name: string; timezone: string };
  ticket: TranscriptTicket;
  /** Oldest first. */
  messages: APIMessage[];
  /** The guild's role names by id: a role mention reads "@Support", not its number. */
  roles?: ReadonlyMap<string, string>;
};

export type Transcript = { html: string; text: string; attachments: TranscriptAttachment[] };

export function renderTranscript(input: TranscriptInput): Transcript {
  const timeZone = safeTimeZone(input.guild.timezone);
  const attachments = input.messages.flatMap((message) =>
    message.attachments.map((a) => ({ messageId: message.id, name: a.filename, url: a.url, size: a.size })),
  );
  return {
    html: renderHtml(input, timeZone),
    text: renderText(input, timeZone),
    attachments,
  };
}

function headerFacts(input: TranscriptInput, timeZone: string): [string, string][] {
  const { ticket } = input;
  const when = (at: Date | null) => (at ? `${formatLocal(at, timeZone)} (${timeZone})` : '—');
  return [
    ['Category', ticket.categoryName ?? '—'],
    ['Opened by', `${ticket.openerName} (${ticket.openerId})`],
    ['Claimed by', ticket.claimerId ? `${ticket.claimerName ?? 'unknown'} (${ticket.claimerId})` : '—'],
    ['Opened', when(ticket.openedAt)],
    ['Closed', when(ticket.closedAt)],
    ['Closed by', ticket.closedByName ?? (ticket.closedAt ? 'automatically' : '—')],
    ['Reason', ticket.closeReason ?? '—'],
    ['Messages', String(input.messages.length)],
  ];
}

function authorName(message: APIMessage) {
  return message.author.global_name || message.author.username;
}

/** Mentions shown by name where the message (users) or the guild (roles) says who they are. */
function withMentionNames(
  text: string,
  message: APIMessage,
  escaped: boolean,
  roles: ReadonlyMap<string, string> = new Map(),
) {
  const names = new Map(message.mentions.map((user) => [user.id, user.global_name || user.username]));
  const pattern = escaped ? /&lt;@(!|&amp;)?(\d+)&gt;/g : /<@(!|&)?(\d+)>/g;
  return text.replace(pattern, (whole, kind: string | undefined, id: string) => {
    const name = kind === '&' || kind === '&amp;' ? roles.get(id) : names.get(id);
    return name ? `@${escaped ? escapeHtml(name) : name}` : whole;
  });
}

export function formatSize(bytes: number) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export function escapeHtml(value: string) {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** Only http(s) links become hrefs, so a crafted attachment URL cannot run anything. */
function safeHref(url: string) {
  return /^https?:\/\//i.test(url) ? escapeHtml(url) : '#';
}

const css = `
body{margin:0;background:#313338;color:#dbdee1;font:15px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif}
header{padding:20px 24px;background:#2b2d31;border-bottom:1px solid #1e1f22}
h1{margin:0 0 8px;font-size:20px;color:#f2f3f5}
dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;margin:0}
dt{color:#949ba4}dd{margin:0}
main{padding:8px 24px 24px}
.msg{display:flex;gap:12px;padding:8px 0}
.avatar{flex:none;width:36px;height:36px;border-radius:50%;background:#5865f2;color:#fff;display:flex;align-items:center;justify-content:center;font-weight:600}
.name{font-weight:600;color:#f2f3f5}.bot{font-size:11px;background:#5865f2;color:#fff;border-radius:3px;padding:0 4px;margin-left:4px}
time{color:#949ba4;font-size:12px;margin-left:8px}
.content{white-space:pre-wrap;word-wrap:break-word}
.embed{border-left:4px solid #4e5058;background:#2b2d31;border-radius:4px;padding:8px 12px;margin-top:4px;max-width:520px}
.embed-title{font-weight:600;color:#f2f3f5}
.files{margin:4px 0 0;padding-left:18px}a{color:#00a8fc}
`;

function renderHtml(input: TranscriptInput, timeZone: string) {
  const { ticket } = input;
  const facts = headerFacts(input, timeZone)
    .map(([label, value]) => `<dt>${escapeHtml(label)}</dt><dd>${escapeHtml(value)}</dd>`)
    .join('');
  const messages = input.messages
    .map((message) => renderHtmlMessage(message, timeZone, input.roles))
    .join('\n');
  const title = `Ticket #${ticket.number}: ${ticket.subject}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(title)} · ${escapeHtml(input.guild.name)}</title>
<style>${css}</style>
</head>
<body>
<header>
<h1>${escapeHtml(title)}</h1>
<dl>${facts}</dl>
</header>
<main>
${messages || '<p>No messages.</p>'}
</main>
</body>
</html>
`;
}

function renderHtmlMessage(message: APIMessage, timeZone: string, roles?: ReadonlyMap<string, string>) {
  const name = authorName(message);
  const initial = escapeHtml([...name][0]?.toUpperCase() ?? '?');
  const at = new Date(message.timestamp);
  const content = message.content
    ? `<div class="content">${withMentionNames(escapeHtml(message.content), message, true, roles)}</div>`
    : '';
  const embeds = (message.embeds ?? [])
    .filter((embed) => embed.title || embed.description)
    .map(
      (embed) =>
        `<div class="embed">${embed.title ? `<div class="embed-title">${escapeHtml(embed.title)}</div>` : ''}${
          embed.description ? `<div class="content">${escapeHtml(embed.description)}</div>` : ''
        }</div>`,
    )
    .join('');
  const files = message.attachments.length
    ? `<ul class="files">${message.attachments
        .map(
          (a) =>
            `<li><a href="${safeHref(a.url)}" rel="noopener noreferrer">${escapeHtml(a.filename)}</a> (${formatSize(a.size)})</li>`,
        )
        .join('')}</ul>`
    : '';
  return `<article class="msg" id="m${escapeHtml(message.id)}"><span class="avatar" aria-hidden="true">${initial}</span><div><span class="name">${escapeHtml(name)}</span>${
    message.author.bot ? '<span class="bot">BOT</span>' : ''
  }<time datetime="${escapeHtml(at.toISOString())}">${escapeHtml(formatLocal(at, timeZone))}</time>${content}${embeds}${files}</div></article>`;
}

function renderText(input: TranscriptInput, timeZone: string) {
  const { ticket } = input;
  const lines = [`Ticket #${ticket.number}: ${ticket.subject}`, `Server: ${input.guild.name}`];
  for (const [label, value] of headerFacts(input, timeZone)) lines.push(`${label}: ${value}`);
  lines.push('', `Times in ${timeZone}.`, '');
  for (const message of input.messages) {
    const at = formatLocal(new Date(message.timestamp), timeZone);
    const bot = message.author.bot ? ' [bot]' : '';
    lines.push(`[${at}] ${authorName(message)}${bot}:`);
    if (message.content) {
      for (const line of withMentionNames(message.content, message, false, input.roles).split('\n'))
        lines.push(`  ${line}`);
    }
    for (const embed of message.embeds ?? []) {
      if (embed.title) lines.push(`  [embed] ${embed.title}`);
      if (embed.description) for (const line of embed.description.split('\n')) lines.push(`    ${line}`);
    }
    for (const a of message.attachments)
      lines.push(`  [attachment] ${a.filename} (${formatSize(a.size)}) ${a.url}`);
  }
  return `${lines.join('\n')}\n`;
}

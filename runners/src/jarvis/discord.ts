/**
 * Approval requests in Discord: the exact call (tool, target, arguments, risk) with Approve and Deny
 * buttons the ticket bot's interactions endpoint answers; after a decision, made there or on the
 * web, the message shows who decided and loses its buttons. Discord being down never blocks a call.
 */
import { createDiscordRest, type DiscordRest } from '@homelab/db/discord/rest';
import type { JarvisSettings } from '@homelab/db/jarvis/settings';
import type { Logger } from '../log';
import type { StoredToolCall } from './store';

export type ApprovalNotifier = {
  /** Posts the request; the message's address, or null when not posted. */
  request(
    call: StoredToolCall,
    settings: JarvisSettings,
  ): Promise<{ channelId: string; messageId: string } | null>;
  /** Updates the request after a decision. */
  decided(call: StoredToolCall): Promise<void>;
};

// Discord caps a message at 2,000 characters; the arguments block gets what the rest leaves.
const maxArgsChars = 1_500;

function describe(call: StoredToolCall): string {
  let args = JSON.stringify(call.args, null, 2);
  if (args.length > maxArgsChars) args = `${args.slice(0, maxArgsChars)}\n…`;
  args = args.replace(/```/g, '`\u200b``');
  const target = call.target ? ` on \`${call.target}\`` : '';
  return `**Jarvis asks to run \`${call.tool}\`**${target} · risk: **${call.risk}**\n\`\`\`json\n${args}\n\`\`\``;
}

export function createDiscordApprovals(options: {
  botToken?: string | undefined;
  baseUrl?: string | undefined;
  log: Logger;
  rest?: DiscordRest;
}): ApprovalNotifier | undefined {
  if (!options.botToken && !options.rest) return undefined;
  const rest =
    options.rest ??
    createDiscordRest({ token: options.botToken, baseUrl: options.baseUrl, maxRetries: 1, maxWaitMs: 5_000 });
  const { log } = options;

  return {
    async request(call, settings) {
      if (!settings.discordChannelId) return null;
      try {
        const message = await rest.post<{ id: string; channel_id: string }>(
          `/channels/${settings.discordChannelId}/messages`,
          {
            content: describe(call),
            allowed_mentions: { parse: [] },
            components: [
              {
                type: 1,
                components: [
                  { type: 2, style: 3, label: 'Approve', custom_id: `jarvis:approve:${call.id}` },
                  { type: 2, style: 4, label: 'Deny', custom_id: `jarvis:deny:${call.id}` },
                ],
              },
            ],
          },
        );
        return { channelId: message.channel_id ?? settings.discordChannelId, messageId: message.id };
      } catch (error) {
        log.warn('could not post the approval request to Discord', { err: error, toolCallId: call.id });
        return null;
      }
    },

    async decided(call) {
      if (!call.discordMessage) return;
      const verdict = call.state === 'denied' ? 'Denied' : 'Approved';
      const who = call.decidedByLabel ?? call.decidedBy ?? 'the owner';
      try {
        await rest.patch(
          `/channels/${call.discordMessage.channelId}/messages/${call.discordMessage.messageId}`,
          {
            content: `${describe(call)}\n${verdict} by ${who}.`,
            allowed_mentions: { parse: [] },
            components: [],
          },
        );
      } catch (error) {
        log.warn('could not update the approval request in Discord', { err: error, toolCallId: call.id });
      }
    },
  };
}

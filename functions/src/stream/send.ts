/**
 * Sending into a tenant's chat from the studio: the one path every route takes (the chat page's
 * send box, the onboarding wizard's test message) to the chat runner's rate-limited queue.
 */
import { streamChannels } from '@homelab/db/schema';
import { eq } from 'drizzle-orm';
import type { AppContext } from '../lib/context';
import { notFound } from '../lib/errors';
import { relay } from '../lib/runners';
import { inTenant, streamScope } from './guard';

export const noChannel = () => notFound('This channel is not one of yours.');

export async function sendChatMessage(
  c: AppContext,
  channelId: string,
  message: { text: string; replyTo?: string },
) {
  const { tenantId } = streamScope(c);
  // The runner checks the tenant too; asking here first keeps another tenant's ids a plain 404.
  const [channel] = await inTenant(c, (tx) =>
    tx.select({ id: streamChannels.id }).from(streamChannels).where(eq(streamChannels.id, channelId)),
  );
  if (!channel) throw noChannel();
  await relay(c, 'chat', { method: 'POST', path: '/send', body: { ...message, channelId, tenantId } });
}

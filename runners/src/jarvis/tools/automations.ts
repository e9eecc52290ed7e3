/**
 * Automation tools: the delivery log of events sent to n8n (and the like) and replaying one,
 * both through the automations runner, which owns the sending and its retries.
 */
import type { AutomationDelivery } from '@homelab/db/automations';
import { z } from 'zod';
import { clip, defineTool } from './define';
import { callRunner } from './runners';

type Page = { deliveries: AutomationDelivery[]; nextBefore: number | null };

const brief = (delivery: AutomationDelivery) => ({
  id: delivery.id,
  hook: delivery.hookName,
  event: delivery.event,
  status: delivery.status,
  attempts: delivery.attempts,
  responseStatus: delivery.responseStatus,
  error: delivery.lastError ? clip(delivery.lastError, 300) : null,
  at: delivery.deliveredAt ?? delivery.createdAt,
});

export const automationDeliveries = defineTool('automation_deliveries', {
  args: z.object({
    status: z.enum(['pending', 'delivered', 'failed']).optional().describe('Only deliveries in this state'),
    limit: z.number().int().min(1).max(50).default(20).describe('How many, newest first'),
  }),
  target: () => null,
  async run(args, ctx) {
    const query = new URLSearchParams({
      limit: String(args.limit),
      ...(args.status ? { status: args.status } : {}),
    });
    const page = await callRunner<Page>(ctx, 'automations', { path: `/deliveries?${query}` });
    const failed = page.deliveries.filter((delivery) => delivery.status === 'failed').length;
    return {
      ok: true,
      summary: `${page.deliveries.length} deliveries, ${failed} failed`,
      // Errors quote the receiver's answer, and hook names were typed by a person.
      untrusted: true,
      data: { deliveries: page.deliveries.map(brief) },
    };
  },
});

export const replayAutomationDelivery = defineTool('replay_automation_delivery', {
  args: z.object({
    delivery: z.number().int().positive().describe('The delivery id, as automation_deliveries shows it'),
  }),
  target: (args) => String(args.delivery),
  async run(args, ctx) {
    const delivery = await callRunner<AutomationDelivery>(ctx, 'automations', {
      method: 'POST',
      path: `/deliveries/${args.delivery}/replay`,
    });
    return {
      ok: true,
      summary: `Sending ${delivery.event} to ${delivery.hookName} again (delivery ${delivery.id})`,
      untrusted: true,
      data: brief(delivery),
    };
  },
  async verify(args, ctx) {
    // The first new attempt goes out within seconds; a pass that is still sending shows pending.
    for (let i = 0; i < 10; i++) {
      const delivery = await callRunner<AutomationDelivery>(ctx, 'automations', {
        path: `/deliveries/${args.delivery}`,
      });
      if (delivery.status === 'delivered')
        return { ok: true, detail: `Delivered to ${delivery.hookName} (${delivery.responseStatus}).` };
      if (delivery.attempts > 0 && delivery.lastError)
        return { ok: false, detail: `Still failing: ${clip(delivery.lastError, 200)}` };
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    return { ok: false, detail: 'Not delivered yet; the automations runner retries it on its schedule.' };
  },
});

export const automationTools = [automationDeliveries, replayAutomationDelivery];

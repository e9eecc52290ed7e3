/**
 * `/api/stream/onboarding`: the onboarding wizard's progress (resumable: the step is saved here, so
 * reopening the studio continues where the streamer left), the facts it shows (linked platforms,
 * channels), the test message into chat, and the end of the wizard.
 */
import { oauthAccounts, streamChannels, streamTenants } from '@homelab/db/schema';
import { createRoute, z } from '@hono/zod-openapi';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { auditAs, db } from '../lib/context';
import { createRouter, errors, jsonBody, jsonResponse, writeErrors } from '../lib/router';
import { streamProviderIds } from '../oauth/providers';
import { inTenant, streamScope, streamTenant } from '../stream/guard';
import { sendChatMessage } from '../stream/send';
import { onboardingFeatures, onboardingSteps, readSaved, type SavedOnboarding } from './state';

const tags = ['stream'];
const tenant = streamTenant();

/** What the test step sends; says how to try the bot so the streamer sees it answer. */
export const testMessage = 'SnappleBot is here! Type !hello to try me.';

const onboardingSchema = z
  .object({
    step: z.enum(onboardingSteps),
    features: z.array(z.enum(onboardingFeatures)),
    done: z.boolean(),
    doneAt: z.string().nullable(),
    testedAt: z.string().nullable(),
    testChannelId: z.string().nullable(),
    displayName: z.string(),
    linked: z.array(
      z.object({
        provider: z.enum(streamProviderIds),
        username: z.string(),
        state: z.enum(['connected', 'disconnected']),
      }),
    ),
    channels: z.array(
      z.object({ id: z.uuid(), platform: z.string(), displayName: z.string(), enabled: z.boolean() }),
    ),
    tested: z.boolean(),
  })
  .openapi('StreamOnboarding');

const progressBody = z
  .object({
    step: z.enum(onboardingSteps, { error: `must be one of ${onboardingSteps.join(', ')}` }),
    features: z
      .array(z.enum(onboardingFeatures, { error: `must be one of ${onboardingFeatures.join(', ')}` }))
      .max(onboardingFeatures.length),
  })
  .strict()
  .meta({ id: 'StreamOnboardingProgress' });

const getOnboarding = createRoute({
  method: 'get',
  path: '/onboarding',
  tags,
  summary: 'Where the onboarding wizard stands, with the linked platforms and channels it shows',
  middleware: [tenant] as const,
  responses: { 200: jsonResponse(onboardingSchema, 'Progress'), ...errors(401, 403, 404) },
});
const putOnboarding = createRoute({
  method: 'put',
  path: '/onboarding',
  tags,
  summary: "Save the wizard's step and chosen features, so reopening the studio continues there",
  middleware: [tenant] as const,
  request: { body: jsonBody(progressBody) },
  responses: { 200: jsonResponse(onboardingSchema, 'Saved'), ...errors(...writeErrors) },
});
const testOnboarding = createRoute({
  method: 'post',
  path: '/onboarding/test',
  tags,
  summary: 'Send the test message into one of your channels and remember that it went out',
  middleware: [tenant] as const,
  request: {
    body: jsonBody(
      z
        .object({ channelId: z.uuid({ error: 'must be a channel id' }) })
        .strict()
        .meta({ id: 'StreamOnboardingTest' }),
    ),
  },
  responses: { 200: jsonResponse(onboardingSchema, 'Sent'), ...errors(...writeErrors) },
});
const finishOnboarding = createRoute({
  method: 'post',
  path: '/onboarding/done',
  tags,
  summary: 'Finish the wizard; the studio opens on its overview from now on',
  middleware: [tenant] as const,
  responses: { 200: jsonResponse(onboardingSchema, 'Done'), ...errors(...writeErrors) },
});

type Ctx = Parameters<typeof streamScope>[0];

/** Merges a change into the saved progress (jsonb `||`, so keys the wizard does not send stay). */
async function save(c: Ctx, change: Partial<SavedOnboarding>) {
  const { tenantId } = streamScope(c);
  await inTenant(c, (tx) =>
    tx
      .update(streamTenants)
      .set({ onboarding: sql`${streamTenants.onboarding} || ${JSON.stringify(change)}::jsonb` })
      .where(eq(streamTenants.id, tenantId)),
  );
}

async function view(c: Ctx) {
  const { tenantId, userId, displayName } = streamScope(c);
  const { tenantRow, channels } = await inTenant(c, async (tx) => ({
    tenantRow: (
      await tx
        .select({ onboarding: streamTenants.onboarding })
        .from(streamTenants)
        .where(eq(streamTenants.id, tenantId))
    )[0],
    channels: await tx
      .select({
        id: streamChannels.id,
        platform: streamChannels.platform,
        displayName: streamChannels.displayName,
        enabled: streamChannels.enabled,
      })
      .from(streamChannels)
      .orderBy(asc(streamChannels.createdAt)),
  }));
  // Linked accounts belong to the person, not the tenant: found by the owner's user id, as /me does.
  const linked = await db(c)
    .db.select({
      provider: oauthAccounts.provider,
      username: oauthAccounts.username,
      state: oauthAccounts.state,
    })
    .from(oauthAccounts)
    .where(and(eq(oauthAccounts.userId, userId), inArray(oauthAccounts.provider, [...streamProviderIds])))
    .orderBy(asc(oauthAccounts.createdAt));
  const saved = readSaved(tenantRow?.onboarding);
  return {
    ...saved,
    displayName,
    linked: linked.map((a) => ({ ...a, provider: a.provider as (typeof streamProviderIds)[number] })),
    channels,
    tested: saved.testedAt !== null,
  };
}

export const onboardingRoutes = createRouter()
  .openapi(getOnboarding, async (c) => c.json(await view(c), 200))
  .openapi(putOnboarding, async (c) => {
    const body = c.req.valid('json');
    auditAs(c, 'stream.onboarding.save', undefined, body);
    await save(c, { step: body.step, features: [...new Set(body.features)] });
    return c.json(await view(c), 200);
  })
  .openapi(testOnboarding, async (c) => {
    const { channelId } = c.req.valid('json');
    auditAs(c, 'stream.onboarding.test', channelId);
    await sendChatMessage(c, channelId, { text: testMessage });
    await save(c, { testedAt: new Date().toISOString(), testChannelId: channelId });
    return c.json(await view(c), 200);
  })
  .openapi(finishOnboarding, async (c) => {
    auditAs(c, 'stream.onboarding.done');
    await save(c, { done: true, doneAt: new Date().toISOString() });
    return c.json(await view(c), 200);
  });

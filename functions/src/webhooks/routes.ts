/**
 * `/webhooks`: signed deliveries from the streaming platforms (Twitch EventSub, Kick) and from
 * automations (n8n). Outside /api, so no session or CSRF rule applies: the signature is the only
 * credential. Bodies are capped before they are read.
 */
import { handleAutomationInbound } from '../automations/inbound';
import { handleDeployWebhook, limitPushBody } from '../deploy/webhook';
import { limitBody } from '../lib/body';
import { createRouter } from '../lib/router';
import { handleKickWebhook } from './kick';
import { handleTwitchEventSub } from './twitch';

export const webhookRoutes = createRouter()
  .post('/twitch/eventsub', limitBody, (c) => handleTwitchEventSub(c))
  .post('/kick', limitBody, (c) => handleKickWebhook(c))
  .post('/automations', limitBody, (c) => handleAutomationInbound(c))
  .post('/deploy', limitPushBody, (c) => handleDeployWebhook(c));

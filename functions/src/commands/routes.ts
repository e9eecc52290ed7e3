/**
 * `/api/stream`: custom commands (and their live preview), timers, the bot's settings and the chat
 * tools (quotes, keywords, counters, viewer queue). Each router is mounted on its own in app.ts
 * and typed apart for the web client: chained together their type outgrows TypeScript (TS2590).
 */
import { commandRoutes } from './commands';
import { previewRoutes } from './preview';
import { settingsRoutes } from './settings';
import { timerRoutes } from './timers';
import { chatToolRoutes } from './tools';

export { chatToolRoutes, commandRoutes, previewRoutes, settingsRoutes, timerRoutes };

/** In mounting order: the preview's fixed path before the commands' `/commands/{id}`. */
export const botCommandRouters = [previewRoutes, commandRoutes, timerRoutes, settingsRoutes, chatToolRoutes];

/** The ticket desk API: Discord sign-in, the caller's guilds and each guild's setup. */
import { createRouter } from '../lib/router';
import { analyticsRoutes } from './analytics';
import { categoryRoutes } from './categories';
import { guildRoutes } from './guilds';
import { lookupRoutes } from './lookup';
import { oauthRoutes } from './oauth';
import { panelRoutes } from './panels';
import { streamerRoutes } from './streamers';

export const deskRoutes = createRouter()
  .route('/', oauthRoutes)
  .route('/', guildRoutes)
  .route('/', lookupRoutes)
  .route('/', categoryRoutes)
  .route('/', panelRoutes)
  .route('/', streamerRoutes)
  .route('/', analyticsRoutes);

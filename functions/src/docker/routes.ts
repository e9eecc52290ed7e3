/** `/api/docker`: containers, the console, stacks, images, volumes and networks, in one router for the client's types. */
import { createRouter } from '../lib/router';
import { containerRoutes } from './containers';
import { execRoutes } from './exec';
import { resourceRoutes } from './resources';

export const dockerRoutes = createRouter()
  .route('/', containerRoutes)
  .route('/', resourceRoutes)
  .route('/', execRoutes);

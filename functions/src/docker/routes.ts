/** `/api/docker`: containers, the console, stacks, images, volumes and networks, in one router for the client's types. */
import { createRouter } from '../lib/router';
import { containerRoutes } from './containers';
import { execRoutes } from './exec';
import { resourceRoutes } from './resources';
import { updateRoutes } from './updates';

// Updates first: the containers' `{id}/{action}` route would refuse "update" as an unknown action.
export const dockerRoutes = createRouter()
  .route('/', updateRoutes)
  .route('/', containerRoutes)
  .route('/', resourceRoutes)
  .route('/', execRoutes);

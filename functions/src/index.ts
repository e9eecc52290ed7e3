/** The workerd entry: the Hono app as a module worker. */
import { app } from './app';

export default { fetch: app.fetch };

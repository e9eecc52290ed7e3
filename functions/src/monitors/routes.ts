/** Monitoring under `/api`, in one router for the client's types: monitors, incidents, domains, the live feed, maintenance. */
import { createRouter } from '../lib/router';
import { monitorRoutes } from './monitors';
import { overviewRoutes } from './overview';

export const monitoringRoutes = createRouter().route('/', monitorRoutes).route('/', overviewRoutes);

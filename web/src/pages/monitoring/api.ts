/**
 * Every call the monitoring pages make to `/api/monitors`, `/api/domains`, `/api/incidents` and
 * `/api/maintenance`, through the typed client; the live feed's URL for EventSource beside them.
 */
import { api, unwrap } from '../../api/client';
import type {
  CheckResult,
  DomainRow,
  History,
  HistoryRange,
  Incident,
  MaintenanceInput,
  MaintenanceWindow,
  Monitor,
  MonitorInput,
} from './types';

const monitors = api.api.monitors;

export const listMonitors = async (): Promise<Monitor[]> =>
  (await unwrap(monitors.$get({ query: {} }))).monitors;

export const getMonitor = (id: string): Promise<Monitor> => unwrap(monitors[':id'].$get({ param: { id } }));

export const createMonitor = (input: MonitorInput): Promise<Monitor> =>
  unwrap(monitors.$post({ json: input }));

export const updateMonitor = (id: string, input: MonitorInput): Promise<Monitor> =>
  unwrap(monitors[':id'].$put({ param: { id }, json: input }));

export const deleteMonitor = async (id: string) => {
  await unwrap(monitors[':id'].$delete({ param: { id } }));
};

export const pauseMonitor = (id: string): Promise<Monitor> =>
  unwrap(monitors[':id'][':action'].$post({ param: { id, action: 'pause' } }));

export const resumeMonitor = (id: string): Promise<Monitor> =>
  unwrap(monitors[':id'][':action'].$post({ param: { id, action: 'resume' } }));

export const checkMonitorNow = (id: string): Promise<CheckResult> =>
  unwrap(monitors[':id'].check.$post({ param: { id } }));

/** Runs the checks of an unsaved monitor once, so the editor can show what it would find. */
export const testMonitor = (input: MonitorInput): Promise<CheckResult> =>
  unwrap(monitors.test.$post({ json: input }));

export const getHistory = (id: string, range: HistoryRange): Promise<History> =>
  unwrap(monitors[':id'].history.$get({ param: { id }, query: { range } }));

export const listMonitorIncidents = async (id: string): Promise<Incident[]> =>
  (await unwrap(monitors[':id'].incidents.$get({ param: { id } }))).incidents;

/**
 * The API declares some answers open-ended (`looseObject`: a few named fields and more); the
 * runner's extra fields, which the page relies on, are named by the page's own types.
 */
export const openShape = <T>(value: unknown): T => value as T;

export const listDomains = async (): Promise<DomainRow[]> =>
  openShape<DomainRow[]>((await unwrap(api.api.domains.$get())).domains);

export const listMaintenance = async (): Promise<MaintenanceWindow[]> =>
  (await unwrap(api.api.maintenance.$get())).windows;

export const createMaintenance = (input: MaintenanceInput): Promise<MaintenanceWindow> =>
  unwrap(api.api.maintenance.$post({ json: input }));

export const deleteMaintenance = async (id: string) => {
  await unwrap(api.api.maintenance[':id'].$delete({ param: { id } }));
};

export const streamUrls = { events: '/api/monitoring/events' };

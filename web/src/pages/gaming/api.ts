/** Every call the game streaming page and card make to `/api/gaming`, in one place. */
import type { GamingStatus, PairedClient, SunshineApp, WakeProgress } from '@homelab/db/gaming';
import type { GamingApi } from '@homelab/functions';
import { apiClient, unwrap } from '../../api/client';

const gaming = apiClient<GamingApi>('gaming');

/** `fresh` asks the runner to check Sunshine now instead of answering from its short cache. */
export const getGamingStatus = (fresh = false): Promise<GamingStatus> =>
  unwrap(gaming.status.$get({ query: fresh ? { refresh: '1' } : {} }));

export const listApps = async (): Promise<SunshineApp[]> => (await unwrap(gaming.apps.$get())).apps;

export const launchApp = (uuid: string) => unwrap(gaming.apps.launch.$post({ json: { uuid } }));

export const closeApp = () => unwrap(gaming.apps.close.$post());

export const listClients = async (): Promise<PairedClient[]> => (await unwrap(gaming.clients.$get())).clients;

export const unpairClient = (id: string) => unwrap(gaming.clients[':id'].unpair.$post({ param: { id } }));

export const pairDevice = async (pin: string, name: string): Promise<PairedClient> =>
  (await unwrap(gaming.pair.$post({ json: { pin, name } }))).client;

export const wakeGamingPc = async (): Promise<WakeProgress> => (await unwrap(gaming.wake.$post())).progress;

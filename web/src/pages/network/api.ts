/** Every call the network page makes, through the typed client of `/api/network`. */

import type { NetworkHistory, NetworkOverview, NetworkRange } from '@homelab/db/network';
import type { NetworkApi } from '@homelab/functions';
import { apiClient, unwrap } from '../../api/client';

const network = apiClient<NetworkApi>('network');

export const getNetworkOverview = async (): Promise<NetworkOverview> =>
  (await unwrap(network.overview.$get())) as NetworkOverview;

export const getNetworkHistory = async (iface: string, range: NetworkRange): Promise<NetworkHistory> =>
  (await unwrap(network.history.$get({ query: { iface, range } }))) as NetworkHistory;

/** Every call the deploys page makes, to `/api/deploy` through the typed client. */
import type { DeployApi } from '@homelab/functions';
import { apiClient, unwrap } from '../../api/client';
import type { Deployment, DeploymentSummary, DeployStatusView, DeployTriggered } from './types';

const deploy = () => apiClient<DeployApi>('deploy');

export const readStatus = async (): Promise<DeployStatusView> =>
  (await unwrap(deploy().status.$get())) as DeployStatusView;

export const listDeployments = async (): Promise<DeploymentSummary[]> =>
  (
    (await unwrap(deploy().deployments.$get({ query: { limit: '30' } as never }))) as {
      deployments: DeploymentSummary[];
    }
  ).deployments;

export const readDeployment = async (id: string): Promise<Deployment> =>
  (await unwrap(deploy().deployments[':id'].$get({ param: { id } }))) as Deployment;

export const deployNow = async (): Promise<DeployTriggered> =>
  (await unwrap(deploy().deployments.$post())) as DeployTriggered;

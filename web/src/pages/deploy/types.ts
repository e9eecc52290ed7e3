/** The deploy API's shapes, as the page reads them. */
import type { DeployStatus } from '@homelab/db/deploy';

export type {
  Deployment,
  DeploymentStatus,
  DeploymentSummary,
  DeployTriggered,
} from '@homelab/db/deploy';

export type DeployStatusView = DeployStatus & {
  webhook: { url: string; configured: boolean; branch: string; githubHeader: string; giteaHeader: string };
};

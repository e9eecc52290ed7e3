/** The container-engine shapes the Docker pages show, inferred from the shared schemas (types only: no zod in the bundle). */
import type {
  ContainerSummary,
  imageSchema,
  networkSchema,
  pruneResultSchema,
  pullProgressSchema,
  stackComposeSchema,
  stackRedeploySchema,
  stackSchema,
  volumeSchema,
} from '@homelab/db/docker';
import type { z } from 'zod';

export type {
  ContainerAction,
  ContainerStats,
  ContainerSummary,
  DockerEvent,
  EngineStatus,
  LogLine,
} from '@homelab/db/docker';

export type ContainerState = ContainerSummary['state'];
export type ContainerPort = ContainerSummary['ports'][number];
export type ContainerMount = ContainerSummary['mounts'][number];
export type Stack = z.infer<typeof stackSchema>;
export type StackCompose = z.infer<typeof stackComposeSchema>;
export type StackRedeploy = z.infer<typeof stackRedeploySchema>;
export type Image = z.infer<typeof imageSchema>;
export type PullProgress = z.infer<typeof pullProgressSchema>;
export type PruneResult = z.infer<typeof pruneResultSchema>;
export type Volume = z.infer<typeof volumeSchema>;
export type Network = z.infer<typeof networkSchema>;
export type StackAction = 'start' | 'stop' | 'restart';

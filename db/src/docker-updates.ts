/**
 * One-click container updates as the runner, the API and the web app see them: a row of
 * container_updates with the step it is on, and what a caller sends to start one.
 */
import { z } from 'zod';
import { containerUpdateStatuses } from './schema/selfhosting';

export { containerUpdateStatuses };

/**
 * The steps in the order they run. The image is pulled before the container is stopped, so a failed
 * pull costs no downtime; volumes are copied after the stop, so the copy is consistent.
 */
export const updateSteps = ['pull', 'stop', 'snapshot', 'recreate', 'health', 'done'] as const;
export type UpdateStep = (typeof updateSteps)[number];

export const updateProgressSchema = z.object({
  step: z.enum([...updateSteps, 'rollback']),
  status: z.enum(['running', 'done', 'failed']),
  detail: z.string().nullable(),
  at: z.string(),
});
export type UpdateProgress = z.infer<typeof updateProgressSchema>;

export const containerUpdateSchema = z.object({
  id: z.string().uuid(),
  container: z.string(),
  image: z.string(),
  fromImageId: z.string().nullable(),
  toImageId: z.string().nullable(),
  snapshots: z.array(z.object({ volume: z.string(), snapshot: z.string() })),
  status: z.enum(containerUpdateStatuses),
  error: z.string().nullable(),
  startedBy: z.string().nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  /** The steps seen so far, while the runner that ran them is up; empty for older updates. */
  progress: z.array(updateProgressSchema),
});
export type ContainerUpdate = z.infer<typeof containerUpdateSchema>;

export const startUpdateSchema = z.object({
  /** Who asked, for the history; functions fill it from the session. */
  startedBy: z.string().max(200).optional(),
});

export const listUpdatesQuerySchema = z.object({
  container: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/**
 * The response shapes pages work with, inferred from the typed client rather than copied, so a
 * change to a route's schema in functions/ shows up here as a type error.
 */
import type { InferResponseType } from 'hono/client';
import type { api } from './client';

export type { MetricPoint, MetricSample } from '@homelab/db/metrics';

export type Health = InferResponseType<typeof api.api.health.$get>;
export type RunnerStatus = Health['runners']['runners'][number];
export type Me = InferResponseType<typeof api.api.auth.me.$get, 200>;
export type User = Me['user'];
export type SessionInfo = InferResponseType<typeof api.api.sessions.$get, 200>['sessions'][number];
export type ApiKey = InferResponseType<(typeof api.api)['api-keys']['$get'], 200>['keys'][number];
export type ApiKeyScope = ApiKey['scope'];
export type AuditPage = InferResponseType<typeof api.api.audit.$get, 200>;
export type AuditEntry = AuditPage['entries'][number];
export type MetricRange = '1h' | '6h' | '24h' | '7d' | '30d';

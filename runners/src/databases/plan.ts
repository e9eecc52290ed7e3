/**
 * From a validated deploy request to what gets created: the row's values (defaults filled in from
 * the template, engine resource names) and the container's create options. Pure, so the configs
 * every template produces are tested without an engine.
 */
import { type DeployRequest, findTemplate } from '@homelab/db/databases';
import type Dockerode from 'dockerode';
import { HttpError } from '../internal/errors';
import type { NewInstanceRow } from './store';
import { type Login, recipeFor } from './templates';

export const managedLabel = 'dev.homelab.managed';
export const databaseLabel = 'dev.homelab.database';
export const engineLabel = 'dev.homelab.database.engine';

export type InstancePlan = Omit<NewInstanceRow, 'id' | 'passwordEncrypted' | 'status'>;

export function resourceNames(name: string) {
  return { containerName: `hl-db-${name}`, volumeName: `hl-db-${name}-data`, networkName: `hl-db-${name}` };
}

export function planInstance(request: DeployRequest): InstancePlan {
  const template = findTemplate(request.template);
  if (!template) throw new HttpError(400, 'invalid_request', `There is no template "${request.template}".`);
  const version = request.version ?? template.defaultVersion;
  const image = template.images[version];
  if (!image) throw new HttpError(400, 'invalid_request', `${template.name} has no version "${version}".`);
  return {
    name: request.name,
    engine: template.engine,
    version,
    image,
    ...resourceNames(request.name),
    expose: request.expose,
    hostPort: request.expose === 'none' ? null : (request.hostPort ?? null),
    memoryMb: request.memoryMb ?? template.defaults.memoryMb,
    cpus: request.cpus ?? template.defaults.cpus,
    username: request.username ?? template.defaults.username,
    databaseName: template.fields.databaseName
      ? (request.databaseName ?? template.defaults.databaseName)
      : null,
  };
}

export function resourceLabels(instanceId: string, engine: string): Record<string, string> {
  return { [managedLabel]: 'true', [databaseLabel]: instanceId, [engineLabel]: engine };
}

const seconds = (n: number) => n * 1_000_000_000;

export function containerOptions(
  instanceId: string,
  plan: InstancePlan,
  login: Login,
): Dockerode.ContainerCreateOptions {
  const recipe = recipeFor(plan.engine);
  const port = `${recipe.containerPort}/tcp`;
  const hostIp = plan.expose === 'lan' ? '0.0.0.0' : '127.0.0.1';
  const publish = plan.expose !== 'none' && plan.hostPort != null;
  return {
    name: plan.containerName,
    Image: plan.image,
    Env: recipe.env(login),
    ...(recipe.entrypoint ? { Entrypoint: recipe.entrypoint } : {}),
    ...(recipe.cmd ? { Cmd: recipe.cmd } : {}),
    Labels: resourceLabels(instanceId, plan.engine),
    ExposedPorts: { [port]: {} },
    Healthcheck: {
      Test: recipe.healthcheck,
      Interval: seconds(10),
      Timeout: seconds(5),
      Retries: 5,
      StartPeriod: seconds(60),
    },
    HostConfig: {
      NetworkMode: plan.networkName,
      RestartPolicy: { Name: 'unless-stopped' },
      Memory: plan.memoryMb * 1024 * 1024,
      NanoCpus: Math.round(plan.cpus * 1e9),
      Mounts: [{ Type: 'volume', Source: plan.volumeName, Target: recipe.dataPath }],
      ...(publish ? { PortBindings: { [port]: [{ HostIp: hostIp, HostPort: String(plan.hostPort) }] } } : {}),
    },
  };
}

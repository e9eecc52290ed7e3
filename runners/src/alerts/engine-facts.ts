/**
 * The container rules' one look at the engine: every container's health and restart count. An
 * engine that is down or slow gives no answer at all, so the rules wait instead of flapping.
 */
import type { Engine } from '../docker/engine';
import type { ContainerFacts } from './container-watch';

export async function readContainerFacts(engine: Engine): Promise<ContainerFacts[] | null> {
  if (engine.state().status !== 'connected') return null;
  try {
    const list = await engine.docker.listContainers({ all: true });
    const facts = await Promise.all(
      list.map(async (info): Promise<ContainerFacts | null> => {
        try {
          // The list has no restart count; only inspect does.
          const inspect = await engine.docker.getContainer(info.Id).inspect();
          return {
            id: inspect.Id,
            name: inspect.Name.replace(/^\//, ''),
            // Podman reports an empty status for containers without a healthcheck.
            health: inspect.State?.Health?.Status || 'none',
            restartCount: inspect.RestartCount ?? 0,
          };
        } catch {
          // Removed between the list and the inspect: it is simply gone.
          return null;
        }
      }),
    );
    return facts.filter((fact): fact is ContainerFacts => fact !== null);
  } catch {
    return null;
  }
}

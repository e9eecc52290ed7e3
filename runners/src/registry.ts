/** Every runner this process knows; RUNNERS_ENABLED picks among these names. */
import { createDatabasesRunner } from './databases/service';
import { createDockerRunner } from './docker/service';
import type { Runner } from './runner';
import { createSystemRunner } from './system/service';

export function allRunners(): Runner[] {
  return [createSystemRunner(), createDockerRunner(), createDatabasesRunner()];
}

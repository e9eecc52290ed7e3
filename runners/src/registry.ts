/** Every runner this process knows; RUNNERS_ENABLED picks among these names. */
import type { Runner } from './runner';
import { createSystemRunner } from './system/service';

export function allRunners(): Runner[] {
  return [createSystemRunner()];
}

/**
 * One handler per `homelab` command; each returns an exit code or throws a CliError.
 */
export { backup, restore } from './backup';
export type { Context } from './context';
export { doctor } from './doctor';
export { secrets } from './secrets';
export { down, logs, up } from './stack';
export { status } from './status';
export { deploy, update } from './update';

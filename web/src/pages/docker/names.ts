/** Docker's naming rule for containers, volumes and networks, checked in forms before the API checks it again. */

/** Docker's rule for container, volume and network names (the API checks the same). */
export const engineNamePattern = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}$/;
export const engineNameHint = 'Letters, digits, "_", "." and "-"; it must start with a letter or digit.';

/** What is wrong with a name for a container, volume or network, or null when the rule is met. */
export function engineNameProblem(name: string): string | null {
  if (!name) return 'Give it a name.';
  return engineNamePattern.test(name) ? null : `Not a valid name. ${engineNameHint}`;
}

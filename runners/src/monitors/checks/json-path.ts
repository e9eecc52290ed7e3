/**
 * The small JSONPath subset HTTP monitors need to read one value out of a health endpoint's answer:
 * `$.a.b[0].c`, `$['key with spaces']`, `$.items[-1]`. No filters or wildcards: a monitor compares
 * one value, so a path that could match several would be ambiguous.
 */

export type PathStep = string | number;

/** The steps of a path, or an error message saying what is wrong with it. */
export function parseJsonPath(path: string): PathStep[] | { error: string } {
  const text = path.trim();
  if (!text.startsWith('$')) return { error: 'must start with $' };
  const steps: PathStep[] = [];
  let rest = text.slice(1);
  while (rest.length > 0) {
    const dotted = /^\.([A-Za-z_$][\w$-]*)/.exec(rest);
    if (dotted) {
      steps.push(dotted[1]!);
      rest = rest.slice(dotted[0].length);
      continue;
    }
    const index = /^\[\s*(-?\d+)\s*\]/.exec(rest);
    if (index) {
      steps.push(Number(index[1]));
      rest = rest.slice(index[0].length);
      continue;
    }
    const quoted = /^\[\s*(['"])((?:\\.|(?!\1).)*)\1\s*\]/.exec(rest);
    if (quoted) {
      steps.push(quoted[2]!.replace(/\\(.)/g, '$1'));
      rest = rest.slice(quoted[0].length);
      continue;
    }
    return { error: `cannot read the path at "${rest.slice(0, 20)}"` };
  }
  return steps;
}

/** The value at the path; `undefined` when any step is missing. Negative indexes count from the end. */
export function readJsonPath(document: unknown, steps: PathStep[]): unknown {
  let current: unknown = document;
  for (const step of steps) {
    if (typeof step === 'number') {
      if (!Array.isArray(current)) return undefined;
      current = current[step < 0 ? current.length + step : step];
    } else {
      if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
      if (!Object.hasOwn(current, step)) return undefined;
      current = (current as Record<string, unknown>)[step];
    }
  }
  return current;
}

/** How a found value is compared with the monitor's expected text: strings as they are, the rest as JSON. */
export function jsonValueText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

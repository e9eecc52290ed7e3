/**
 * The variables a command response may use: their help text for the editor and the argument
 * counts the parser checks. Which ones the renderer answers itself is decided here too, so the
 * parser, the renderer and the editor's help never disagree.
 */

export type TemplateVariable = { name: string; usage: string; description: string };

type VariableSpec = TemplateVariable & {
  minArgs: number;
  maxArgs: number;
  /** Answered by the renderer without asking the caller (no I/O, no side effects). */
  pure: boolean;
};

const positional = Array.from(
  { length: 9 },
  (_, i): VariableSpec => ({
    name: String(i + 1),
    usage: `$(${i + 1}) or $(${i + 1}|fallback)`,
    description: `Word ${i + 1} after the command, or the fallback (empty without one) when it is missing`,
    minArgs: 0,
    maxArgs: 0,
    pure: true,
  }),
);

const specs: VariableSpec[] = [
  {
    name: 'user',
    usage: '$(user)',
    description: 'Name of the viewer who used the command',
    minArgs: 0,
    maxArgs: 0,
    pure: true,
  },
  {
    name: 'touser',
    usage: '$(touser)',
    description: 'First word after the command without a leading @, or the caller when there is none',
    minArgs: 0,
    maxArgs: 0,
    pure: true,
  },
  ...positional,
  {
    name: 'args',
    usage: '$(args)',
    description: 'Everything after the command',
    minArgs: 0,
    maxArgs: 0,
    pure: true,
  },
  {
    name: 'random',
    usage: '$(random 1-100)',
    description: 'A whole number between the two limits, both included',
    minArgs: 1,
    maxArgs: 1,
    pure: true,
  },
  {
    name: 'pick',
    usage: '$(pick heads, tails)',
    description: 'One of the comma-separated choices, at random',
    minArgs: 1,
    maxArgs: Number.POSITIVE_INFINITY,
    pure: true,
  },
  {
    name: 'time',
    usage: '$(time) or $(time Europe/Berlin)',
    description: "Current time (24-hour) in the given IANA time zone, or the channel's",
    minArgs: 0,
    maxArgs: 1,
    pure: true,
  },
  {
    name: 'count',
    usage: '$(count deaths)',
    description: 'Adds one to the named counter and shows the new value',
    minArgs: 1,
    maxArgs: 1,
    pure: false,
  },
  {
    name: 'getcount',
    usage: '$(getcount deaths)',
    description: 'Shows the named counter without changing it',
    minArgs: 1,
    maxArgs: 1,
    pure: false,
  },
  {
    name: 'uptime',
    usage: '$(uptime)',
    description: 'How long the stream has been live',
    minArgs: 0,
    maxArgs: 0,
    pure: false,
  },
  {
    name: 'followage',
    usage: '$(followage) or $(followage name)',
    description: 'How long the caller (or the named viewer) has followed the channel',
    minArgs: 0,
    maxArgs: 1,
    pure: false,
  },
  {
    name: 'game',
    usage: '$(game)',
    description: 'Current game or category',
    minArgs: 0,
    maxArgs: 0,
    pure: false,
  },
  {
    name: 'title',
    usage: '$(title)',
    description: 'Current stream title',
    minArgs: 0,
    maxArgs: 0,
    pure: false,
  },
  {
    name: 'points',
    usage: '$(points) or $(points name)',
    description: 'Currency balance of the caller (or the named viewer)',
    minArgs: 0,
    maxArgs: 1,
    pure: false,
  },
  {
    name: 'rank',
    usage: '$(rank) or $(rank name)',
    description: 'Leaderboard position of the caller (or the named viewer)',
    minArgs: 0,
    maxArgs: 1,
    pure: false,
  },
  {
    name: 'currency',
    usage: '$(currency)',
    description: "The currency's name",
    minArgs: 0,
    maxArgs: 0,
    pure: false,
  },
  {
    name: 'urlfetch',
    usage: '$(urlfetch https://example.com/api)',
    description: 'First line of text at the address (3 s timeout, 64 KB cap)',
    minArgs: 1,
    maxArgs: 1,
    pure: false,
  },
  {
    name: 'command',
    usage: '$(command name) or $(command name word…)',
    description: "Another command's response, with optional words passed as its arguments",
    minArgs: 1,
    maxArgs: 10,
    pure: false,
  },
];

const byName = new Map(specs.map((spec) => [spec.name, spec]));

export function variableSpec(name: string): VariableSpec | undefined {
  return byName.get(name);
}

/** Every variable with how to write it and what it becomes, for the editor's help. */
export const templateVariables: TemplateVariable[] = specs.map(({ name, usage, description }) => ({
  name,
  usage,
  description,
}));

/** "user, touser, 1…9, args, …" — listed in unknown-variable errors. */
export const knownVariableList = specs
  .filter((spec) => !/^[2-8]$/.test(spec.name))
  .map((spec) => (spec.name === '1' ? '1…9' : spec.name === '9' ? null : spec.name))
  .filter((name): name is string => name !== null)
  .join(', ');

/**
 * The homelab CLI's exit codes: scripts branch on these, so each number keeps one meaning.
 */
export const ExitCode = {
  ok: 0,
  failed: 1,
  usage: 2,
  notConfigured: 3,
  engineUnreachable: 4,
  rolledBack: 5,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export const exitCodeMeanings: Record<ExitCodeValue, string> = {
  0: 'ok',
  1: 'a check or step failed',
  2: 'usage error (unknown command or option, missing argument)',
  3: 'not configured (.env missing or required values empty)',
  4: 'container engine or compose unreachable',
  5: 'health gate failed and the update was rolled back',
};

/** An error that ends the command with a given exit code and, where there is one, a fix. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly code: ExitCodeValue,
    readonly fix?: string,
  ) {
    super(message);
  }
}

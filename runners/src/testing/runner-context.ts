/** What a test starts a runner with: the supervisor's context, with a crash failing the test. */
import { createLogger } from '../log';
import type { RunnerContext } from '../runner';

export function testRunnerContext(
  context: Pick<RunnerContext, 'pool' | 'config'> & Partial<Pick<RunnerContext, 'log' | 'signal'>>,
): RunnerContext {
  return {
    log: createLogger({ level: 'error' }),
    signal: new AbortController().signal,
    ...context,
    crash: (error) => {
      throw error;
    },
  };
}

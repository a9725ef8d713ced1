import { ConfigError } from './env';

/** Ends a process that could not start: one line per configuration problem, or the error. */
export function exitOnStartupFailure(what: string) {
  return (error: unknown): never => {
    if (error instanceof ConfigError) {
      for (const problem of error.problems) process.stderr.write(`config: ${problem}\n`);
    } else {
      process.stderr.write(`${what} failed: ${(error as Error).stack ?? String(error)}\n`);
    }
    process.exit(1);
  };
}

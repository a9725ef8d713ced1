import { LoggerService } from '@nestjs/common';
import pino, { DestinationStream, Logger, LoggerOptions } from 'pino';

/**
 * Errors as type, code and stack only. A database error's message and parameters
 * quote the row (an e-mail in a duplicate-key message, a passport number in an
 * insert), so for those only the SQL with its placeholders is kept.
 */
export function serializeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error };
  const e = error as Error & { code?: unknown; query?: unknown };
  const fromDatabase = typeof e.query === 'string';
  const stack = (e.stack ?? '').split('\n').slice(1).join('\n');
  return {
    type: e.constructor.name,
    code: e.code,
    ...(fromDatabase ? { query: e.query } : { message: e.message }),
    stack,
  };
}

/**
 * Structured logs, built from allow-lists rather than redaction: a request is its
 * method and path (no query string, headers or body), an error its type, code and stack.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options: LoggerOptions = {
    level,
    base: undefined,
    serializers: {
      req: (req: { method?: string; url?: string }) => ({
        method: req.method,
        path: req.url?.split('?')[0],
      }),
      err: serializeError,
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** Lets Nest's own messages go through the same pino logger. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string): void {
    this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string): void {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string): void {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string): void {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string): void {
    this.logger.trace({ context }, String(message));
  }
}

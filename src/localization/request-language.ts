import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { FastifyRequest } from 'fastify';
import { Language, negotiateLanguage } from './language';

export function requestLanguage(request: FastifyRequest): Language {
  const query = request.query as Record<string, unknown> | undefined;
  const header = request.headers['accept-language'];
  return negotiateLanguage({
    query: query?.lang,
    acceptLanguage: typeof header === 'string' ? header : undefined,
    preferred: request.caller?.preferredLanguage,
  });
}

/** The language of this response (see `negotiateLanguage`). */
export const Lang = createParamDecorator((_: unknown, context: ExecutionContext) =>
  requestLanguage(context.switchToHttp().getRequest<FastifyRequest>()),
);

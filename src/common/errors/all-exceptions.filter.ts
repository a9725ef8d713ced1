import { ArgumentsHost, Catch, ExceptionFilter, Injectable } from '@nestjs/common';
import { FastifyReply, FastifyRequest } from 'fastify';
import { Translator } from '../../localization/translator';
import { classify, internalError, renderError } from './error-body';

/** The one place errors become responses: `{statusCode, code, message, errors?, requestId}`. */
@Catch()
@Injectable()
export class AllExceptionsFilter implements ExceptionFilter {
  constructor(private readonly translator: Translator) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    sendError(
      exception,
      http.getRequest<FastifyRequest>(),
      http.getResponse<FastifyReply>(),
      this.translator,
    );
  }
}

export function sendError(
  exception: unknown,
  request: FastifyRequest,
  reply: FastifyReply,
  translator: Translator,
): void {
  const known = classify(exception);
  if (!known) {
    request.log.error({ reqId: request.id, err: exception }, 'unexpected error');
    void reply.status(500).send(internalError(request, translator));
    return;
  }
  if (known.status >= 500) {
    request.log.warn({ reqId: request.id, err: exception, code: known.code }, 'request failed');
  }

  if (known.headers) void reply.headers(known.headers);
  void reply.status(known.status).send(renderError(known, request, translator));
}

import { createBullBoard } from '@bull-board/api';
import { BullAdapter } from '@bull-board/api/bullAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { getQueueToken } from '@nestjs/bull';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Queue } from 'bull';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuthService } from '../auth/auth.service';
import { bearerToken } from '../common/http/bearer';
import { AppError } from '../common/errors/app-error';
import { renderError } from '../common/errors/error-body';
import { cookie } from '../common/http/cookies';
import { Translator } from '../localization/translator';
import { NOTIFICATIONS_QUEUE } from '../notifications/notification-events';

export const QUEUE_BOARD_PATH = '/admin/queues';
/** Holds an organizer's access token for the board's own pages and calls, and nothing else. */
export const QUEUE_BOARD_COOKIE = 'yb_queues';

/**
 * Bull Board for organizers, when the queue is Bull. The browser authenticates with a
 * cookie scoped to the board's path (POST /api/admin/queues/session sets it from a bearer
 * token); API clients may send the bearer token itself.
 */
export async function registerQueueBoard(app: NestFastifyApplication): Promise<void> {
  const queue = app.get<Queue>(getQueueToken(NOTIFICATIONS_QUEUE), { strict: false });
  const auth = app.get(AuthService, { strict: false });
  const translator = app.get(Translator, { strict: false });
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({
    queues: [new BullAdapter(queue)],
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Youth Bridge' } },
  });
  const fastify = app.getHttpAdapter().getInstance();
  await fastify.register(async (scope) => {
    scope.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      const token =
        bearerToken(request.headers.authorization) ?? cookie(request, QUEUE_BOARD_COOKIE);
      const caller = token ? await auth.authenticate(token).catch(() => undefined) : undefined;
      // Answered here: errors thrown inside the board's routes meet its own error handler.
      const refusal = !caller
        ? new AppError('UNAUTHORIZED')
        : caller.role !== 'organizer'
          ? new AppError('FORBIDDEN')
          : undefined;
      if (refusal)
        return reply.code(refusal.status).send(renderError(refusal, request, translator));
      void reply.header('cache-control', 'no-store');
    });
    await scope.register(serverAdapter.registerPlugin(), { prefix: QUEUE_BOARD_PATH });
  });
}

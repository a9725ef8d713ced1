import { Controller, Headers, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuthService } from '../auth/auth.service';
import { Roles } from '../common/auth/decorators';
import { ApiErrors } from '../common/errors/api-errors.decorator';
import { bearerToken } from '../common/http/bearer';
import { QUEUE_BOARD_COOKIE, QUEUE_BOARD_PATH } from './queue-board';

@ApiTags('admin: notifications')
@ApiBearerAuth()
@Roles('organizer')
@ApiErrors('UNAUTHORIZED', 'FORBIDDEN')
@Controller('admin')
export class QueueBoardController {
  constructor(private readonly auth: AuthService) {}

  /**
   * Lets this browser open the queue board at /admin/queues (Bull, with REDIS_URL): a
   * cookie holding the caller's access token, sent only to that path, never to scripts.
   */
  @Post('queues/session')
  @HttpCode(204)
  queueSession(
    @Headers('authorization') authorization: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): void {
    const secure = request.protocol === 'https' ? '; Secure' : '';
    void reply.header(
      'set-cookie',
      `${QUEUE_BOARD_COOKIE}=${bearerToken(authorization)}; Path=${QUEUE_BOARD_PATH}; ` +
        `Max-Age=${this.auth.accessTokenTtlSeconds}; HttpOnly; SameSite=Strict${secure}`,
    );
  }
}

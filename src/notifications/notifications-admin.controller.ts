import { Controller, Get, Headers, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { bearerToken } from '../auth/bearer';
import { ACCESS_TOKEN_TTL_SECONDS } from '../auth/tokens';
import { QUEUE_BOARD_COOKIE, QUEUE_BOARD_PATH } from './queue-board';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Caller } from '../common/auth/caller';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { ApiErrors } from '../common/errors/api-errors.decorator';
import { IdPipe } from '../common/http/id.pipe';
import { DeliveryDto, DeliveryPageDto, DeliveryQueryDto } from './dto/notification.dto';
import { NotificationsService } from './notifications.service';

@ApiTags('admin: notifications')
@ApiBearerAuth()
@Roles('organizer')
@ApiErrors('UNAUTHORIZED', 'FORBIDDEN')
@Controller('admin')
export class NotificationsAdminController {
  constructor(private readonly notifications: NotificationsService) {}

  /** Every delivery, newest first: what is pending, what was sent, what failed and why. */
  @Get('notifications')
  @ApiErrors('VALIDATION_FAILED')
  list(@Query() query: DeliveryQueryDto): Promise<DeliveryPageDto> {
    return this.notifications.listDeliveries(query);
  }

  /** Sends a failed delivery again now, with a fresh count of attempts. */
  @Post('notifications/:id/retry')
  @HttpCode(200)
  @ApiErrors('NOT_FOUND', 'NOTIFICATION_ALREADY_SENT')
  retry(@CurrentUser() caller: Caller, @Param('id', IdPipe) id: string): Promise<DeliveryDto> {
    return this.notifications.retry(caller, id);
  }

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
        `Max-Age=${ACCESS_TOKEN_TTL_SECONDS}; HttpOnly; SameSite=Strict${secure}`,
    );
  }
}

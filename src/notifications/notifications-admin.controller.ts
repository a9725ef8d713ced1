import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
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
}

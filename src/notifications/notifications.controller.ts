import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Caller } from '../common/auth/caller';
import { CurrentUser } from '../common/auth/decorators';
import { ApiErrors } from '../common/errors/api-errors.decorator';
import { IdPipe } from '../common/http/id.pipe';
import { InboxItemDto, InboxPageDto, InboxQueryDto, ReadAllDto } from './dto/notification.dto';
import { NotificationsService } from './notifications.service';

/** The caller's own in-app messages, in the language they had when delivered. */
@ApiTags('notifications')
@ApiBearerAuth()
@ApiErrors('UNAUTHORIZED')
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  /** Newest first, with the number of unread messages. */
  @Get()
  @ApiErrors('VALIDATION_FAILED')
  list(@CurrentUser() caller: Caller, @Query() query: InboxQueryDto): Promise<InboxPageDto> {
    return this.notifications.listInbox(caller, query);
  }

  @Post('read-all')
  @HttpCode(200)
  readAll(@CurrentUser() caller: Caller): Promise<ReadAllDto> {
    return this.notifications.markAllRead(caller);
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiErrors('NOT_FOUND')
  read(@CurrentUser() caller: Caller, @Param('id', IdPipe) id: string): Promise<InboxItemDto> {
    return this.notifications.markRead(caller, id);
  }
}

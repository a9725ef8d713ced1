import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Caller } from '../common/auth/caller';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { ApiErrors } from '../common/errors/api-errors.decorator';
import { IdPipe } from '../common/http/id.pipe';
import { CreatedWebhookDto, CreateWebhookDto, WebhookDto } from './dto/webhook.dto';
import { WebhooksService } from './webhooks.service';

/**
 * An organization's receivers of events. Each POST is signed twice: `X-Webhook-Signature:
 * sha256=<hex HMAC-SHA256 of "<X-Webhook-Timestamp>.<body>">` with the endpoint's secret,
 * and the Standard Webhooks way, `webhook-signature: v1,<base64 HMAC-SHA256 of
 * "<webhook-id>.<webhook-timestamp>.<body>">` with the key of `standardWebhooksSecret`.
 * `X-Webhook-Id` and `webhook-id` are the same, across retries of one delivery too.
 */
@ApiTags('webhooks')
@ApiBearerAuth()
@Roles('organizer', 'partner')
@ApiErrors('UNAUTHORIZED', 'FORBIDDEN')
@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  /** The secret is shown in this answer only; keep it. */
  @Post()
  @ApiErrors('VALIDATION_FAILED', 'WEBHOOK_LIMIT_REACHED')
  create(
    @CurrentUser() caller: Caller,
    @Body() body: CreateWebhookDto,
  ): Promise<CreatedWebhookDto> {
    return this.webhooks.create(caller, body);
  }

  @Get()
  list(@CurrentUser() caller: Caller): Promise<WebhookDto[]> {
    return this.webhooks.list(caller);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiErrors('NOT_FOUND')
  remove(@CurrentUser() caller: Caller, @Param('id', IdPipe) id: string): Promise<void> {
    return this.webhooks.remove(caller, id);
  }

  /** After a 410 disabled it: deliveries of new events resume. Another organization's is 404. */
  @Post(':id/enable')
  @HttpCode(200)
  @ApiErrors('NOT_FOUND')
  enable(@CurrentUser() caller: Caller, @Param('id', IdPipe) id: string): Promise<WebhookDto> {
    return this.webhooks.enable(caller, id);
  }
}

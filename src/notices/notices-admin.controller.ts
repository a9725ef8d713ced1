import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Caller } from '../common/auth/caller';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { ApiErrors } from '../common/errors/api-errors.decorator';
import { IdPipe } from '../common/http/id.pipe';
import {
  CreateNoticeDto,
  MissingTranslationsDto,
  NoticeDto,
  NoticePageDto,
  NoticeQueryDto,
  UpdateNoticeDto,
} from './dto/notice.dto';
import { NoticesService } from './notices.service';

@ApiTags('admin: notices')
@ApiBearerAuth()
@Roles('organizer')
@ApiErrors('UNAUTHORIZED', 'FORBIDDEN')
@Controller('admin')
export class NoticesAdminController {
  constructor(private readonly notices: NoticesService) {}

  /** Starts as a draft; the slug is made from the title when not given. */
  @Post('notices')
  @ApiErrors('VALIDATION_FAILED')
  create(@CurrentUser() caller: Caller, @Body() body: CreateNoticeDto): Promise<NoticeDto> {
    return this.notices.create(caller, body);
  }

  @Get('notices')
  @ApiErrors('VALIDATION_FAILED')
  list(@Query() query: NoticeQueryDto): Promise<NoticePageDto> {
    return this.notices.list(query);
  }

  @Get('notices/:id')
  @ApiErrors('NOT_FOUND')
  get(@Param('id', IdPipe) id: string): Promise<NoticeDto> {
    return this.notices.get(id);
  }

  /** Drafts and published notices; a published one must keep the languages it had. */
  @Patch('notices/:id')
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND', 'NOTICE_ARCHIVED', 'TRANSLATION_MISSING')
  update(
    @CurrentUser() caller: Caller,
    @Param('id', IdPipe) id: string,
    @Body() body: UpdateNoticeDto,
  ): Promise<NoticeDto> {
    return this.notices.update(caller, id, body);
  }

  /** 409 TRANSLATION_MISSING unless both languages are written or `singleLanguage` is set. */
  @Post('notices/:id/publish')
  @HttpCode(200)
  @ApiErrors('NOT_FOUND', 'TRANSLATION_MISSING', 'ILLEGAL_TRANSITION')
  publish(@CurrentUser() caller: Caller, @Param('id', IdPipe) id: string): Promise<NoticeDto> {
    return this.notices.publish(caller, id);
  }

  @Post('notices/:id/archive')
  @HttpCode(200)
  @ApiErrors('NOT_FOUND', 'ILLEGAL_TRANSITION')
  archive(@CurrentUser() caller: Caller, @Param('id', IdPipe) id: string): Promise<NoticeDto> {
    return this.notices.archive(caller, id);
  }

  /** Notices and delegations written in one language only (single-language notices aside). */
  @Get('translations/missing')
  missing(): Promise<MissingTranslationsDto> {
    return this.notices.missingTranslations();
  }
}

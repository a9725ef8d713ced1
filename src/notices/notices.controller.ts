import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Caller } from '../common/auth/caller';
import { CurrentUser } from '../common/auth/decorators';
import { ApiErrors } from '../common/errors/api-errors.decorator';
import { PageQueryDto } from '../common/http/pagination';
import { Language } from '../localization/language';
import { Lang } from '../localization/request-language';
import { PublishedNoticePageDto } from './dto/notice.dto';
import { NoticesService } from './notices.service';

@ApiTags('notices')
@ApiBearerAuth()
@ApiErrors('UNAUTHORIZED')
@Controller('notices')
export class NoticesController {
  constructor(private readonly notices: NoticesService) {}

  /**
   * Published notices for the caller's audiences (public, schools or partners, and the
   * delegations its school takes part in or its organization hosts), newest first, in the
   * response language; `translationPending` where the text is the other language's.
   */
  @Get()
  @ApiErrors('VALIDATION_FAILED')
  list(
    @CurrentUser() caller: Caller,
    @Query() query: PageQueryDto,
    @Lang() lang: Language,
  ): Promise<PublishedNoticePageDto> {
    return this.notices.listForCaller(caller, query, lang);
  }
}

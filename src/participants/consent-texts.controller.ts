import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Caller } from '../common/auth/caller';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { ApiErrors } from '../common/errors/api-errors.decorator';
import { Transactions } from '../database/transactions';
import { ConsentTextsService } from './consent-texts.service';
import { ConsentTextDto, CreateConsentTextDto } from './dto/consent-text.dto';

/** The consent texts, every version, for the schools that print and record them. */
@ApiTags('participants')
@ApiBearerAuth()
@Roles('school_coordinator', 'organizer')
@ApiErrors('UNAUTHORIZED', 'FORBIDDEN')
@Controller('consent-texts')
export class ConsentTextsController {
  constructor(
    private readonly texts: ConsentTextsService,
    private readonly transactions: Transactions,
  ) {}

  /** Oldest first; `current` marks the one in force for its kind. */
  @Get()
  list(@CurrentUser() caller: Caller): Promise<ConsentTextDto[]> {
    return this.texts.list(this.transactions.read(caller));
  }
}

@ApiTags('admin: participants')
@ApiBearerAuth()
@Roles('organizer')
@ApiErrors('UNAUTHORIZED', 'FORBIDDEN')
@Controller('admin/consent-texts')
export class ConsentTextsAdminController {
  constructor(private readonly texts: ConsentTextsService) {}

  /**
   * Publishes a new wording. People whose consent names an older version show as a
   * to-do for their school; with `requiresRenewal` their old consent stops counting from
   * `validFrom`.
   */
  @Post()
  @ApiErrors('VALIDATION_FAILED')
  create(
    @CurrentUser() caller: Caller,
    @Body() input: CreateConsentTextDto,
  ): Promise<ConsentTextDto> {
    return this.texts.create(caller, input);
  }
}

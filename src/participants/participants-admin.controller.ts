import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Caller } from '../common/auth/caller';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { ApiErrors } from '../common/errors/api-errors.decorator';
import { IdPipe } from '../common/http/id.pipe';
import { RevealedPassportDto } from './dto/participant.dto';
import { ParticipantRegistry } from './participant-registry.service';

@ApiTags('admin: participants')
@ApiBearerAuth()
@Roles('organizer')
@ApiErrors('UNAUTHORIZED', 'FORBIDDEN')
@Controller('admin/participants')
export class ParticipantsAdminController {
  constructor(private readonly registry: ParticipantRegistry) {}

  /** The full passport number. Every reveal is written to the audit log. */
  @Post(':id/reveal')
  @HttpCode(200)
  @ApiErrors('NOT_FOUND')
  reveal(
    @CurrentUser() caller: Caller,
    @Param('id', IdPipe) id: string,
  ): Promise<RevealedPassportDto> {
    return this.registry.reveal(caller, id);
  }
}

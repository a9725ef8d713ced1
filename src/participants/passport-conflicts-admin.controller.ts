import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Caller } from '../common/auth/caller';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { ApiErrors } from '../common/errors/api-errors.decorator';
import { IdPipe } from '../common/http/id.pipe';
import {
  PassportConflictPageDto,
  PassportConflictQueryDto,
  ResolvePassportConflictDto,
} from './dto/passport-conflict.dto';
import { PassportConflictsService } from './passport-conflicts.service';

@ApiTags('admin: participants')
@ApiBearerAuth()
@Roles('organizer')
@ApiErrors('UNAUTHORIZED', 'FORBIDDEN')
@Controller('admin/passport-conflicts')
export class PassportConflictsAdminController {
  constructor(private readonly conflicts: PassportConflictsService) {}

  /** Passport numbers entered by one school that another school's participant holds. */
  @Get()
  @ApiErrors('VALIDATION_FAILED')
  list(@Query() query: PassportConflictQueryDto): Promise<PassportConflictPageDto> {
    return this.conflicts.list(query);
  }

  /** Keeps the number with one record and clears it from the other (audited). */
  @Post(':id/resolve')
  @HttpCode(204)
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND', 'PASSPORT_CONFLICT_RESOLVED')
  resolve(
    @CurrentUser() caller: Caller,
    @Param('id', IdPipe) id: string,
    @Body() body: ResolvePassportConflictDto,
  ): Promise<void> {
    return this.conflicts.resolve(caller, id, body);
  }
}

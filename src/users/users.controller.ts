import { Body, Controller, Get, Param, Patch, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Caller } from '../common/auth/caller';
import { CurrentUser } from '../common/auth/decorators';
import { ApiErrors } from '../common/errors/api-errors.decorator';
import { IdPipe } from '../common/http/id.pipe';
import { MeDto, UpdateMeDto, UserPageDto, UserQueryDto } from './dto/user.dto';
import { UsersService } from './users.service';

@ApiTags('me')
@ApiBearerAuth()
@ApiErrors('UNAUTHORIZED')
@Controller()
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get('me')
  me(@CurrentUser() caller: Caller): Promise<MeDto> {
    return this.users.me(caller);
  }

  @Patch('me')
  @ApiErrors('VALIDATION_FAILED')
  updateMe(@CurrentUser() caller: Caller, @Body() body: UpdateMeDto): Promise<MeDto> {
    return this.users.updateMe(caller, body);
  }

  /** Accounts of the caller's own organization (organizers: any). Another organization is 404. */
  @Get('organizations/:id/users')
  @ApiErrors('NOT_FOUND', 'VALIDATION_FAILED')
  members(
    @CurrentUser() caller: Caller,
    @Param('id', IdPipe) id: string,
    @Query() query: UserQueryDto,
  ): Promise<UserPageDto> {
    return this.users.listMembers(caller, id, query);
  }
}

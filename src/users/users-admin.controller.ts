import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Caller } from '../common/auth/caller';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { ApiErrors } from '../common/errors/api-errors.decorator';
import { IdPipe } from '../common/http/id.pipe';
import { CreateUserDto, UpdateUserDto, UserDto, UserPageDto, UserQueryDto } from './dto/user.dto';
import { UsersService } from './users.service';

@ApiTags('admin: users')
@ApiBearerAuth()
@Roles('organizer')
@ApiErrors('UNAUTHORIZED', 'FORBIDDEN')
@Controller('admin/users')
export class UsersAdminController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @ApiErrors('VALIDATION_FAILED', 'EMAIL_TAKEN', 'ROLE_ORGANIZATION_MISMATCH')
  create(@CurrentUser() caller: Caller, @Body() body: CreateUserDto): Promise<UserDto> {
    return this.users.create(caller, body);
  }

  @Get()
  @ApiErrors('VALIDATION_FAILED')
  list(@Query() query: UserQueryDto): Promise<UserPageDto> {
    return this.users.list(query);
  }

  @Get(':id')
  @ApiErrors('NOT_FOUND')
  get(@CurrentUser() caller: Caller, @Param('id', IdPipe) id: string): Promise<UserDto> {
    return this.users.getFor(caller, id);
  }

  /** Change role or organization, disable, reset the password, or set the language. */
  @Patch(':id')
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND', 'ROLE_ORGANIZATION_MISMATCH', 'LAST_ORGANIZER')
  update(
    @CurrentUser() caller: Caller,
    @Param('id', IdPipe) id: string,
    @Body() body: UpdateUserDto,
  ): Promise<UserDto> {
    return this.users.update(caller, id, body);
  }
}

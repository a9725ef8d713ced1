import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Caller } from '../common/auth/caller';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { ApiErrors } from '../common/errors/api-errors.decorator';
import { IdPipe } from '../common/http/id.pipe';
import {
  CreateOrganizationDto,
  OrganizationDto,
  OrganizationPageDto,
  OrganizationQueryDto,
  UpdateOrganizationDto,
} from './dto/organization.dto';
import { OrganizationsService } from './organizations.service';

@ApiTags('admin: organizations')
@ApiBearerAuth()
@Roles('organizer')
@ApiErrors('UNAUTHORIZED', 'FORBIDDEN')
@Controller('admin/organizations')
export class OrganizationsAdminController {
  constructor(private readonly organizations: OrganizationsService) {}

  @Post()
  @ApiErrors('VALIDATION_FAILED')
  create(
    @CurrentUser() caller: Caller,
    @Body() body: CreateOrganizationDto,
  ): Promise<OrganizationDto> {
    return this.organizations.create(caller, body);
  }

  @Get()
  @ApiErrors('VALIDATION_FAILED')
  list(@Query() query: OrganizationQueryDto): Promise<OrganizationPageDto> {
    return this.organizations.list(query);
  }

  @Get(':id')
  @ApiErrors('NOT_FOUND')
  get(@CurrentUser() caller: Caller, @Param('id', IdPipe) id: string): Promise<OrganizationDto> {
    return this.organizations.getVisible(caller, id);
  }

  @Patch(':id')
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND')
  update(
    @CurrentUser() caller: Caller,
    @Param('id', IdPipe) id: string,
    @Body() body: UpdateOrganizationDto,
  ): Promise<OrganizationDto> {
    return this.organizations.update(caller, id, body);
  }
}

import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Caller } from '../common/auth/caller';
import { CurrentUser } from '../common/auth/decorators';
import { ApiErrors } from '../common/errors/api-errors.decorator';
import { IdPipe } from '../common/http/id.pipe';
import { OrganizationDto } from './dto/organization.dto';
import { OrganizationsService } from './organizations.service';

@ApiTags('organizations')
@ApiBearerAuth()
@ApiErrors('UNAUTHORIZED')
@Controller('organizations')
export class OrganizationsController {
  constructor(private readonly organizations: OrganizationsService) {}

  /** The caller's own organization (organizers: any). Another organization is 404. */
  @Get(':id')
  @ApiErrors('NOT_FOUND')
  get(@CurrentUser() caller: Caller, @Param('id', IdPipe) id: string): Promise<OrganizationDto> {
    return this.organizations.getVisible(caller, id);
  }
}

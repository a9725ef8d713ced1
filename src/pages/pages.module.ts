import { Module } from '@nestjs/common';
import { DelegationsModule } from '../delegations/delegations.module';
import { NoticesModule } from '../notices/notices.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { PageCache } from './page-cache';
import { PagesService } from './pages.service';

/** The public site; its routes are registered on Fastify by `registerPages`. */
@Module({
  imports: [DelegationsModule, NoticesModule, OrganizationsModule],
  providers: [PagesService, PageCache],
  exports: [PagesService, PageCache],
})
export class PagesModule {}

import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { DelegationsModule } from '../delegations/delegations.module';
import { Notice } from './notice.entity';
import { NoticesAdminController } from './notices-admin.controller';
import { NoticesController } from './notices.controller';
import { NoticesService } from './notices.service';
import { NoticeStatistics } from './notice-statistics.service';

@Module({
  imports: [TypeOrmModule.forFeature([Notice]), AuditModule, DelegationsModule],
  controllers: [NoticesAdminController, NoticesController],
  providers: [NoticesService, NoticeStatistics],
  exports: [NoticesService, NoticeStatistics],
})
export class NoticesModule {}

import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OrganizationsModule } from '../organizations/organizations.module';
import { InitialAdminService } from './initial-admin.service';
import { User } from './user.entity';
import { UsersAdminController } from './users-admin.controller';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

@Module({
  imports: [TypeOrmModule.forFeature([User]), OrganizationsModule],
  controllers: [UsersAdminController, UsersController],
  providers: [UsersService, InitialAdminService],
  exports: [UsersService, InitialAdminService],
})
export class UsersModule {}

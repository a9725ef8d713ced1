import { Global, Module } from '@nestjs/common';
import { DelegationMembers } from '../notices/delegation-members-port';
import { ApplicationsModule } from './applications.module';
import { ApplicationsService } from './applications.service';

/**
 * Answers notices' question of who is in a delegation from the applications. Global, so
 * that the notices module need not import applications (see DelegationMembers).
 */
@Global()
@Module({
  imports: [ApplicationsModule],
  providers: [{ provide: DelegationMembers, useExisting: ApplicationsService }],
  exports: [DelegationMembers],
})
export class DelegationMembersModule {}

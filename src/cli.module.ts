import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from './config/app-config';
import { domainModules } from './domain.modules';
import { RetentionModule } from './retention/retention.module';
import { DemoExchanges } from './seed/demo-exchanges';
import { DemoSeeder } from './seed/demo-seeder';

/**
 * What the command line needs: the same services as the HTTP application, no HTTP. Redis is
 * among them because the per-account limits of participant writes live in the services.
 */
@Module({})
export class CliModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CliModule,
      imports: [...domainModules(config), RetentionModule],
      providers: [DemoSeeder, DemoExchanges],
    };
  }
}

import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { AuthModule } from './auth/auth.module';
import { AllExceptionsFilter } from './common/errors/all-exceptions.filter';
import { createValidationPipe } from './common/http/validation';
import { AppConfig } from './config/app-config';
import { domainModules } from './domain.modules';
import { HealthModule } from './health/health.module';
import { PagesModule } from './pages/pages.module';
import { PortalModule } from './portal/portal.module';
import { QueueBoardModule } from './queue-board/queue-board.module';
import { RetentionModule } from './retention/retention.module';
import { StatisticsModule } from './statistics/statistics.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ...domainModules(config),
        AuthModule,
        QueueBoardModule,
        HealthModule,
        PagesModule,
        PortalModule,
        RetentionModule,
        StatisticsModule,
      ],
      providers: [
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
      ],
    };
  }
}

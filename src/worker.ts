import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { AppConfig, loadConfig } from './config/app-config';
import { exitOnStartupFailure } from './config/startup-failure';

import { createLogger, PinoNestLogger } from './common/logging/logger';

/** A process that runs background jobs and schedules, without HTTP. */
export async function runWorker(config: AppConfig): Promise<void> {
  config.narrowDataDir();
  const logger = createLogger(config.logLevel);
  for (const warning of config.warnings) logger.warn(warning);
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), {
    logger: new PinoNestLogger(logger),
  });
  app.enableShutdownHooks();
  logger.info(`Youth Bridge worker running (${config.describeDatabase()})`);
}

if (require.main === module) {
  Promise.resolve()
    .then(() => runWorker(loadConfig(undefined, { ROLE: 'worker' })))

    .catch(exitOnStartupFailure('Youth Bridge worker'));
}

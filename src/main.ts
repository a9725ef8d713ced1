import 'reflect-metadata';
import { createApp } from './app.setup';
import { loadConfig } from './config/app-config';
import { exitOnStartupFailure } from './config/startup-failure';
import { runWorker } from './worker';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  if (config.role === 'worker') return runWorker(config);
  const app = await createApp(config);
  await app.listen({ port: config.port, host: config.host });
  const services = `${config.describeDatabase()}${config.redisUrl ? ', Redis' : ''}`;
  app
    .getHttpAdapter()
    .getInstance()
    .log.info(
      `Youth Bridge listening on http://localhost:${config.port} (API docs: /api/docs; ${services}; role ${config.role})`,
    );
}

bootstrap().catch(exitOnStartupFailure('Youth Bridge'));

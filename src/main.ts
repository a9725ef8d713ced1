import 'reflect-metadata';
import { createApp } from './app.setup';
import { ConfigError, loadConfig } from './config/app-config';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const app = await createApp(config);
  await app.listen({ port: config.port, host: config.host });
  app
    .getHttpAdapter()
    .getInstance()
    .log.info(
      `Youth Bridge listening on http://localhost:${config.port} (API docs: /api/docs, ${config.describeDatabase()}${config.redisUrl ? ', with Redis' : ''})`,
    );
}

bootstrap().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    for (const problem of error.problems) process.stderr.write(`config: ${problem}\n`);
  } else {
    process.stderr.write(`Startup failed: ${(error as Error).stack ?? String(error)}\n`);
  }
  process.exit(1);
});

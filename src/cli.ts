import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { CliModule } from './cli.module';
import { AppError } from './common/errors/app-error';
import { loadConfig } from './config/app-config';
import { exitOnStartupFailure } from './config/startup-failure';
import { dataSourceOptions } from './database/data-source-options';
import { Transactions } from './database/transactions';
import { WebhooksService } from './notifications/webhooks.service';
import { OrganizationsService } from './organizations/organizations.service';
import { ParticipantsService } from './participants/participants.service';
import { RetentionService } from './retention/retention.service';
import { RostersService } from './rosters/rosters.service';

import { DEMO_PASSWORD, DemoSeeder } from './seed/demo-seeder';
import { DEFAULT_COMMITTEE } from './users/initial-admin.service';
import { CreateUserDto } from './users/dto/user.dto';
import { UsersService } from './users/users.service';

const USAGE = `Usage: npm run cli -- <command>
  migration:run                     apply pending migrations
  migration:revert                  undo the last migration
  create-organizer --email E --password P [--language zh|ru]
  seed-demo                         demo organizations and logins (not in production)
  rotate-passport-keys              re-encrypt passport numbers and webhook secrets under the
                                    first ENCRYPTION_KEYS key; safe to interrupt and run again
  retention-run [--dry-run]         one pass of the retention policy now (RETENTION_* settings);
                                    --dry-run prints what it would erase and delete instead`;

async function withDataSource(work: (dataSource: DataSource) => Promise<void>): Promise<void> {
  const dataSource = new DataSource(dataSourceOptions(loadConfig()));
  await dataSource.initialize();
  try {
    await work(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

async function withContext(
  work: (get: <T>(type: new (...args: never[]) => T) => T) => Promise<void>,
) {
  // A command writes notifications to the outbox; the running workers deliver them.
  const config = loadConfig(undefined, { ROLE: 'api' });
  const app = await NestFactory.createApplicationContext(CliModule.forRoot(config), {
    logger: ['error', 'warn'],
  });
  try {
    await work((type) => app.get(type));
  } finally {
    await app.close();
  }
}

async function main(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      email: { type: 'string' },
      password: { type: 'string' },
      language: { type: 'string', default: 'zh' },
      'dry-run': { type: 'boolean', default: false },
    },
  });
  switch (positionals[0]) {
    case 'migration:run':
      return withDataSource(async (dataSource) => {
        const applied = await dataSource.runMigrations({ transaction: 'each' });
        console.log(
          applied.length
            ? applied.map((m) => `applied ${m.name}`).join('\n')
            : 'No pending migrations.',
        );
      });
    case 'migration:revert':
      return withDataSource(async (dataSource) => {
        await dataSource.undoLastMigration({ transaction: 'each' });
        console.log('Reverted the last migration.');
      });
    case 'create-organizer': {
      const { email, password, language } = values;
      if (!email || !password || (language !== 'zh' && language !== 'ru')) {
        throw new UsageError(
          'create-organizer needs --email and --password (and --language zh|ru)',
        );
      }
      const input = plainToInstance(CreateUserDto, {
        email,
        password,
        role: 'organizer',
        organizationId: '00000000-0000-4000-8000-000000000000',
        preferredLanguage: language,
      });
      const problems = validateSync(input).flatMap((e) =>
        Object.keys(e.constraints ?? {}).map((c) => `${e.property}: ${c}`),
      );
      if (problems.length) throw new UsageError(`Invalid input: ${problems.join(', ')}`);
      return withContext(async (get) => {
        const user = await get(Transactions).run(null, async (tx) => {
          const organizations = get(OrganizationsService);
          const committee =
            (await organizations.findFirstOfType(tx, 'committee')) ??
            (await organizations.createIn(tx, DEFAULT_COMMITTEE));
          return get(UsersService).createIn(tx, { ...input, organizationId: committee.id });
        });
        console.log(`Created organizer ${user.email}.`);
      });
    }
    case 'rotate-passport-keys':
      return withContext(async (get) => {
        const stores = [
          { store: get(ParticipantsService), what: 'passport numbers' },
          { store: get(RostersService), what: 'passport numbers in locked rosters' },
          { store: get(WebhooksService), what: 'webhook secrets' },
        ];
        const report: string[] = [];
        for (const { store, what } of stores) {
          let done = 0;
          for (
            let batch = await store.reencryptBatch();
            batch > 0;
            batch = await store.reencryptBatch()
          ) {
            done += batch;
            console.log(`re-encrypted ${done} ${what}`);
          }
          if (done) report.push(`${done} ${what}`);
        }
        console.log(report.length ? `Done: ${report.join(', ')}.` : 'Nothing to re-encrypt.');
      });
    case 'retention-run':
      return withContext(async (get) => {
        const retention = get(RetentionService);
        if (values['dry-run']) {
          const preview = await retention.preview('zh');
          console.log(JSON.stringify(preview, null, 2));
          return;
        }
        const run = await retention.run('command');
        console.log(JSON.stringify(run, null, 2));
      });
    case 'seed-demo': {
      if (loadConfig().nodeEnv === 'production')
        throw new UsageError('seed-demo refuses to run in production');
      return withContext(async (get) => {
        const { accounts, delegations } = await get(DemoSeeder).seed();
        console.log(`Demo logins (password for all: ${DEMO_PASSWORD}):`);
        for (const r of accounts) {
          console.log(`  ${r.role.padEnd(19)} ${r.email}${r.created ? '' : '  (already there)'}`);
        }
        for (const title of delegations) console.log(`Delegation with applications: ${title}`);
      });
    }
    default:
      throw new UsageError(
        positionals[0] ? `Unknown command: ${positionals[0]}` : 'No command given',
      );
  }
}

class UsageError extends Error {}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof AppError) {
    const fields = (error.fieldErrors ?? []).map((f) => ` ${f.field}: ${f.code}`).join(';');
    console.error(`Refused: ${error.code}${fields ? ` (${fields.trim()})` : ''}`);
  } else if (error instanceof UsageError) {
    console.error(`${error.message}\n\n${USAGE}`);
  } else {
    exitOnStartupFailure('Command')(error);
  }
  process.exit(1);
});

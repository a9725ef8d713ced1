import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsDefined,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateIf,
  validateSync,
} from 'class-validator';

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
const toBool = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  return value;
};
const emptyToUndefined = ({ value }: { value: unknown }) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

/**
 * Every environment variable the service reads. Each property documents itself;
 * `validateEnv` turns a bad value into one line per problem and stops the boot.
 */
export class Env {
  /** `development`, `test` or `production`. Production requires explicit secrets. */
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  /** `api` serves HTTP, `worker` runs background jobs and schedules, `all` does both. */
  @IsIn(['api', 'worker', 'all'])
  ROLE: 'api' | 'worker' | 'all' = 'all';

  @Transform(toInt)
  @Min(0)
  @Max(65535)
  @IsInt()
  PORT = 3000;

  /** Interface to listen on. */
  @IsString()
  HOST = '0.0.0.0';

  /** `mysql://user:pass@host:3306/db` or `mariadb://…`. Absent: SQLite file in DATA_DIR. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^(mysql|mariadb):\/\/[^/]+\/[A-Za-z0-9_$-]+(\?.*)?$/, {
    message: 'must look like mysql://user:password@host:3306/database (or mariadb://…)',
  })
  DATABASE_URL?: string;

  /** `redis://host:6379/0`. Absent: in-process job runner and in-memory counters. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^rediss?:\/\/.+/, { message: 'must look like redis://host:6379' })
  REDIS_URL?: string;

  /** Prefix for every Redis key, so several deployments (or test runs) can share one server. */
  @IsString()
  @Matches(/^[A-Za-z0-9:_-]{1,40}$/, { message: 'must be 1-40 characters of A-Z, 0-9, : _ -' })
  REDIS_PREFIX = 'yb:';

  /** Where the embedded database, generated secrets and local files live. */
  @IsString()
  @MinLength(1)
  DATA_DIR = './data';

  /** Run pending migrations when the process starts. */
  @Transform(toBool)
  @IsBoolean()
  MIGRATIONS_RUN = true;

  /** HMAC secret for access tokens, at least 32 characters. Generated outside production. */
  @Transform(emptyToUndefined)
  @ValidateIf((env: Env) => env.NODE_ENV === 'production' || env.JWT_SECRET !== undefined)
  @MinLength(32, { message: 'must be at least 32 characters' })
  @IsDefined({ message: 'is required in production' })
  JWT_SECRET?: string;

  /**
   * Keys for encrypting personal data at rest: `id:base64key[,id:base64key…]`, each key 32 bytes.
   * The first one encrypts; all of them decrypt (rotation). Generated outside production.
   */
  @Transform(emptyToUndefined)
  @ValidateIf((env: Env) => env.NODE_ENV === 'production' || env.ENCRYPTION_KEYS !== undefined)
  @Matches(/^[A-Za-z0-9_-]{1,16}:[A-Za-z0-9+/]{43}=(,[A-Za-z0-9_-]{1,16}:[A-Za-z0-9+/]{43}=)*$/, {
    message: 'must be id:base64key[,id:base64key…] with 32-byte keys',
  })
  @IsDefined({ message: 'is required in production' })
  ENCRYPTION_KEYS?: string;

  /** The first organizer, created on start when no organizer exists. */
  @Transform(emptyToUndefined)
  @ValidateIf((env: Env) => env.ADMIN_EMAIL !== undefined || env.ADMIN_PASSWORD !== undefined)
  @IsEmail({}, { message: 'must be an e-mail address' })
  @IsDefined({ message: 'is required with ADMIN_PASSWORD' })
  ADMIN_EMAIL?: string;

  @Transform(emptyToUndefined)
  @ValidateIf((env: Env) => env.ADMIN_EMAIL !== undefined || env.ADMIN_PASSWORD !== undefined)
  @MinLength(10, { message: 'must be at least 10 characters' })
  @IsDefined({ message: 'is required with ADMIN_EMAIL' })
  ADMIN_PASSWORD?: string;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** Largest accepted request body, in bytes. */
  @Transform(toInt)
  @Min(1024)
  @IsInt()
  BODY_LIMIT = 1024 * 1024;

  /**
   * Participants created or edited per account per hour: far above a teacher typing in a
   * class, low enough that numbers cannot be tried in bulk.
   */
  @Transform(toInt)
  @Min(1)
  @IsInt()
  PARTICIPANT_WRITES_PER_HOUR = 300;

  /** Import requests (dry runs included) per account per hour. */
  @Transform(toInt)
  @Min(1)
  @IsInt()
  IMPORTS_PER_HOUR = 30;

  /**
   * Failed logins allowed per client address (an IPv6 /64), on all accounts together, in
   * LOGIN_WINDOW_SECONDS; past them every login from the address is refused, the right
   * password too. Successful logins do not count: a school behind one NAT address signs
   * in as often as it needs to.
   */
  @Transform(toInt)
  @Min(1)
  @IsInt()
  LOGIN_LIMIT_PER_IP = 30;

  /**
   * Failed logins allowed on one account from one client address in LOGIN_WINDOW_SECONDS.
   * Once the account has had this many from all addresses together, an address that has
   * failed on it is refused too, while one without failures still gets in with the right
   * password, however many failures the account has: others' guesses cannot lock the
   * owner out, and a guesser spread over many addresses gets one try per fresh address.
   */
  @Transform(toInt)
  @Min(1)
  @IsInt()
  LOGIN_LIMIT_PER_ACCOUNT = 10;

  @Transform(toInt)
  @Min(1)
  @IsInt()
  LOGIN_WINDOW_SECONDS = 900;

  /** A signed-in browser (the portal) is signed out after this many minutes without a request. */
  @Transform(toInt)
  @Min(1)
  @Max(24 * 60)
  @IsInt()
  PORTAL_IDLE_MINUTES = 60;

  /** …and this many hours after signing in, however busy: then the password is asked again. */
  @Transform(toInt)
  @Min(1)
  @Max(7 * 24)
  @IsInt()
  PORTAL_SESSION_HOURS = 12;

  /**
   * Where the site is reached (`https://youth-bridge.example`): links in e-mails (a mail
   * client cannot follow a relative one), the unsubscribe link, absolute `hreflang`.
   * Required in production; elsewhere it defaults to the listening address.
   */
  @Transform(emptyToUndefined)
  @ValidateIf((env: Env) => env.NODE_ENV === 'production' || env.PUBLIC_URL !== undefined)
  @IsDefined({ message: 'is required in production' })
  @Matches(/^https?:\/\/[^/?#\s]+$/, {
    message: 'must be an origin such as https://example.org (no path)',
  })
  PUBLIC_URL?: string;

  /**
   * Outgoing mail: `smtp://user:pass@host:587` (or `smtps://…:465`). Absent: every message
   * is written as an `.eml` file under DATA_DIR/mail and logged, for development.
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^smtps?:\/\/.+/, { message: 'must look like smtp://user:password@host:587' })
  SMTP_URL?: string;

  /** The sender of every e-mail. */
  @IsString()
  @MinLength(3)
  MAIL_FROM = 'Youth Bridge <no-reply@youth-bridge.localhost>';

  /** First retry of a failed delivery after this many ms; each later one waits twice as long. */
  @Transform(toInt)
  @Min(10)
  @IsInt()
  NOTIFICATION_RETRY_BASE_MS = 5000;

  /** Tries per delivery: 15 tries from 5 s, doubling, cover about a day. */
  @Transform(toInt)
  @Min(1)
  @Max(30)
  @IsInt()
  NOTIFICATION_MAX_ATTEMPTS = 15;

  /** How often a job-running process looks for outbox rows and deliveries the queue lost. */
  @Transform(toInt)
  @Min(50)
  @IsInt()
  NOTIFICATION_POLL_MS = 3000;

  /** Deliveries sent at once by one job-running process. */
  @Transform(toInt)
  @Min(1)
  @Max(200)
  @IsInt()
  NOTIFICATION_CONCURRENCY = 20;

  /** Let webhooks reach loopback and private addresses (tests, a closed network). */
  @Transform(toBool)
  @IsBoolean()
  WEBHOOK_ALLOW_PRIVATE = false;

  /** A webhook receiver or the SMTP server must answer within this many ms. */
  @Transform(toInt)
  @Min(100)
  @IsInt()
  NOTIFICATION_SEND_TIMEOUT_MS = 10_000;

  /**
   * Which reverse proxies' `X-Forwarded-For` and `X-Forwarded-Proto` to believe: `false`,
   * the number of proxies in front (`1`), or their addresses (`10.0.0.1,10.0.1.0/24`).
   * `true` believes every hop, so a client can name its own address unless the proxy
   * overwrites the header.
   */
  // Not toBool: `1` is a number of proxies here, not "yes".
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && /^(true|false)$/i.test(value.trim())
      ? value.trim().toLowerCase() === 'true'
      : value,
  )
  @ValidateIf((env: Env) => typeof env.TRUST_PROXY !== 'boolean')
  @Matches(/^(\d{1,2}|[0-9a-fA-F.:/]+(\s*,\s*[0-9a-fA-F.:/]+)*)$/, {
    message: 'must be true, false, a number of proxies or a list of proxy addresses',
  })
  TRUST_PROXY: boolean | string = false;

  /**
   * Months after a person's last trip returned (or, if they never travelled, after they
   * were registered) before their personal fields are erased: passport, birth place and
   * day, guardian, contacts, in the participant and in locked roster copies. 0: at once.
   */
  @Transform(toInt)
  @Min(0)
  @Max(120)
  @IsInt()
  RETENTION_PERSONAL_MONTHS = 12;

  /** Months the audit log keeps an entry (it never holds personal values). */
  @Transform(toInt)
  @Min(0)
  @Max(240)
  @IsInt()
  RETENTION_AUDIT_MONTHS = 36;

  /**
   * Days sent or finally failed notifications (outbox rows and deliveries) are kept; read
   * in-app messages are kept a year, or this long if longer.
   */
  @Transform(toInt)
  @Min(0)
  @Max(3650)
  @IsInt()
  RETENTION_HISTORY_DAYS = 180;

  /** Keep erased people's names whole instead of replacing them with initials. */
  @Transform(toBool)
  @IsBoolean()
  RETENTION_KEEP_NAMES = false;

  /** People erased per transaction: small enough that no statement holds locks for long. */
  @Transform(toInt)
  @Min(1)
  @Max(5000)
  @IsInt()
  RETENTION_BATCH_SIZE = 100;

  /**
   * Moves the clock the retention job reads by this many days (tests, rehearsals of a
   * policy). Refused in production.
   */
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value,
  )
  @IsInt()
  CLOCK_SHIFT_DAYS = 0;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}

/** Validates raw variables; throws a ConfigError with one line per problem. */
export function validateEnv(raw: Record<string, string | undefined>): Env {
  const known = Object.fromEntries(
    Object.keys(new Env())
      .concat(['DATABASE_URL', 'REDIS_URL', 'JWT_SECRET', 'ENCRYPTION_KEYS'])
      .concat(['ADMIN_EMAIL', 'ADMIN_PASSWORD', 'SMTP_URL'])
      .filter((key) => raw[key] !== undefined)
      .map((key) => [key, raw[key]]),
  );
  const env = plainToInstance(Env, known, { exposeDefaultValues: true });
  const problems = validateSync(env, { whitelist: true, stopAtFirstError: true }).flatMap((error) =>
    Object.values(error.constraints ?? {}).map(
      (message) => `${error.property}: ${message.replace(new RegExp(`^${error.property} `), '')}`,
    ),
  );
  if (problems.length > 0) throw new ConfigError(problems);
  return env;
}

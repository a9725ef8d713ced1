import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

/** Resolves when `child` prints `text` (on stdout or stderr), rejects if it exits first. */
function printed(child: ChildProcess, text: string, timeoutMs = 30_000): Promise<void> {
  return new Promise((resolveWait, reject) => {
    let seen = '';
    const timer = setTimeout(
      () => reject(new Error(`no "${text}" within ${timeoutMs} ms:\n${seen}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      seen = (seen + chunk.toString('utf8')).slice(-20_000);
      if (!seen.includes(text)) return;
      clearTimeout(timer);
      resolveWait();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited (${code}) before "${text}":\n${seen}`));
    });
  });
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done(child.exitCode);
    child.once('exit', (code) => done(code));
  });

/** A Redis server of the test's own, on a free port, that the test may stop and start. */
export class RedisProcess {
  private child?: ChildProcess;

  private constructor(readonly port: number) {}

  static async start(): Promise<RedisProcess> {
    const redis = new RedisProcess(await freePort());
    await redis.start();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.child = child;
    await printed(child, 'Ready to accept connections');
  }

  /** Shuts Redis down; it keeps nothing, as in CI and on the machines here. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = undefined;
    child.kill('SIGKILL');
    await exited(child);
  }
}

/** A script of `dist/` as its own process, with a data directory of its own and `env`. */
function spawnBuilt(script: string, dataDirPrefix: string, env: Record<string, string>) {
  const path = resolve(__dirname, '..', '..', 'dist', script);
  if (!existsSync(path)) throw new Error(`${path} is missing: run "npm run build" first`);
  return spawn(process.execPath, [path], {
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'test',
      DATA_DIR: mkdtempSync(join(tmpdir(), dataDirPrefix)),
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** `node dist/worker.js`: the production worker process, built by `npm run build`. */
export class WorkerProcess {
  private constructor(readonly child: ChildProcess) {}

  static async start(env: Record<string, string>): Promise<WorkerProcess> {
    const child = spawnBuilt('worker.js', 'yb-worker-', env);
    await printed(child, 'worker running');
    return new WorkerProcess(child);
  }

  kill(): Promise<number | null> {
    this.child.kill('SIGKILL');
    return exited(this.child);
  }

  /** SIGTERM: the worker stops taking jobs, finishes those in flight, and exits. */
  terminate(): Promise<number | null> {
    this.child.kill('SIGTERM');
    return exited(this.child);
  }
}

/** `node dist/main.js` on a free port: the production API process. */
export class ApiProcess {
  private constructor(
    readonly child: ChildProcess,
    readonly url: string,
  ) {}

  static async start(env: Record<string, string>): Promise<ApiProcess> {
    const port = await freePort();
    const child = spawnBuilt('main.js', 'yb-api-', {
      HOST: '127.0.0.1',
      PORT: String(port),
      ...env,
    });
    await printed(child, 'listening on');
    return new ApiProcess(child, `http://127.0.0.1:${port}`);
  }

  kill(): Promise<number | null> {
    this.child.kill('SIGKILL');
    return exited(this.child);
  }
}

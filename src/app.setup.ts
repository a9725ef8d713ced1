import fastifyCompress from '@fastify/compress';
import fastifyMultipart from '@fastify/multipart';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { FastifyBaseLogger, FastifyReply, FastifyRequest, LogController } from 'fastify';

type ContentTypeParserDone = (error: Error | null, body?: unknown) => void;
import { DestinationStream } from 'pino';
import { randomUUID } from 'node:crypto';
import { IncomingMessage } from 'node:http';
import { constants as zlibConstants } from 'node:zlib';
import { AppModule } from './app.module';
import { sendError } from './common/errors/all-exceptions.filter';
import { documentCommonErrors } from './common/errors/api-errors.decorator';
import { AppError } from './common/errors/app-error';
import { MAX_JSON_DEPTH, nestsDeeperThan } from './common/http/json-depth';
import {
  API_SECURITY_HEADERS,
  documentSecurityHeaders,
  HSTS,
} from './common/http/security-headers';

import { createLogger, PinoNestLogger } from './common/logging/logger';
import { AppConfig } from './config/app-config';
import { Translator } from './localization/translator';
import { registerQueueBoard } from './queue-board/queue-board';
import { registerUnsubscribe } from './notifications/unsubscribe';
import { registerPages } from './pages/pages.routes';
import { registerPortal } from './portal/portal.plugin';
import { InitialAdminService } from './users/initial-admin.service';

/**
 * One line per request, when it completes: method, path without query, status, time.
 * Health probes arrive every few seconds from every balancer and say nothing; only
 * their failures are logged.
 */
class RequestLog extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(
    error: Error | null,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    if (!error && reply.statusCode < 500 && request.url.startsWith('/health')) return;
    const line = {
      reqId: request.id,
      req: request,
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime),
    };
    if (error) request.log.error({ ...line, err: error }, 'request errored');
    else request.log.info(line, 'request');
  }
}

/**
 * Errors raised before a route runs (body parsing, content type, size) reach Fastify's
 * error handler. Nest installs one that keeps only the status; ours keeps Fastify's code
 * (FST_ERR_CTP_INVALID_JSON_BODY → MALFORMED_JSON) and answers in the one error shape.
 */
class ApiAdapter extends FastifyAdapter {
  errorSender?: (error: unknown, request: FastifyRequest, reply: FastifyReply) => void;

  override setErrorHandler(handler: Parameters<FastifyAdapter['setErrorHandler']>[0]) {
    return super.setErrorHandler(this.errorSender ?? handler);
  }
}

const INCOMING_REQUEST_ID = /^[A-Za-z0-9._:-]{8,64}$/;

/** A caller's own request id is kept when it is sane; otherwise a fresh one. */
function requestId(request: IncomingMessage): string {
  const incoming = request.headers['x-request-id'];
  return typeof incoming === 'string' && INCOMING_REQUEST_ID.test(incoming)
    ? incoming
    : randomUUID();
}

/**
 * Builds the whole HTTP application exactly as production runs it; e2e tests use the
 * same function, so they exercise the real pipes, filters, hooks and headers.
 */
export async function createApp(
  config: AppConfig,
  options: { logDestination?: DestinationStream } = {},
): Promise<NestFastifyApplication> {
  config.narrowDataDir();
  const logger = createLogger(config.logLevel, options.logDestination);
  for (const warning of config.warnings) logger.warn(warning);
  const adapter = new ApiAdapter({
    loggerInstance: logger,
    // One shared logger instead of a child per request; lines about a request carry
    // `reqId` themselves.
    childLoggerFactory: (parent: FastifyBaseLogger) => parent,
    logController: new RequestLog(),
    bodyLimit: config.bodyLimit,
    trustProxy: config.trustProxy,
    genReqId: requestId,
    requestIdHeader: false,
    // Errors the router raises before any hook (a bad URL, a path parameter past
    // maxParamLength) are answered in the one error shape too.
    frameworkErrors: (error: Error, request: FastifyRequest, reply: FastifyReply) =>
      adapter.errorSender?.(error, request, reply),
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    logger: new PinoNestLogger(logger),
    // Fastify's own JSON parser (with its limits and error codes) is the only one we want.
    bodyParser: false,
  });
  app.setGlobalPrefix('api', { exclude: ['health', 'health/ready'] });
  app.enableShutdownHooks();

  const fastify = app.getHttpAdapter().getInstance();
  const translator = app.get(Translator);
  adapter.errorSender = (error, request, reply) => sendError(error, request, reply, translator);
  const documentHeaders = documentSecurityHeaders({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
      },
    },
  });
  const PAGE_HEADERS = {
    ...documentHeaders,
    'content-security-policy':
      "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    'x-frame-options': 'DENY',
  };
  // The same, for a page whose form posts back here, and that must not be kept.
  const FORM_PAGE_HEADERS = {
    ...PAGE_HEADERS,
    'content-security-policy': PAGE_HEADERS['content-security-policy'].replace(
      "form-action 'none'",
      "form-action 'self'",
    ),
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
  };
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.headers(API_SECURITY_HEADERS).header('x-request-id', request.id);
    if (request.protocol === 'https') void reply.header('strict-transport-security', HSTS);
    done();
  });
  fastify.addHook('onSend', (request, reply, payload, done) => {
    const type = reply.getHeader('content-type');
    if (typeof type === 'string' && type.startsWith('text/html')) {
      // Public pages run no script and say how long they keep; other HTML (Swagger UI)
      // needs its scripts and is checked each time.
      if (request.routeOptions.config.publicPage) void reply.headers(PAGE_HEADERS);
      else if (request.routeOptions.config.formPage) void reply.headers(FORM_PAGE_HEADERS);
      else void reply.headers(documentHeaders).header('cache-control', 'no-cache');
    }
    done(null, payload);
  });
  // JSON, and multipart for file uploads (the participant import: one file of at most
  // 10 MB); anything else is 415 rather than a string the DTOs misread.
  fastify.removeContentTypeParser('text/plain');
  // Fastify's own JSON parser (prototype poisoning refused), then a bound on nesting.
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser(
    'application/json',
    { parseAs: 'string' },
    (request: FastifyRequest, body: string, done: ContentTypeParserDone) =>
      parseJson(request, body, (error: Error | null, value?: unknown) => {
        if (error) return done(error, undefined);
        if (nestsDeeperThan(value)) {
          return done(new AppError('BODY_TOO_DEEP', { max: MAX_JSON_DEPTH }), undefined);
        }
        done(null, value);
      }),
  );

  await app.register(fastifyMultipart, { limits: { fileSize: 10 * 1024 * 1024, files: 1 } });
  // Health probes have nothing to compress and cached pages bring their own brotli and
  // gzip: neither gets the plugin's per-request hooks (they cost /health 0.51 → 0.45).
  fastify.addHook('onRoute', (route) => {
    if (route.url.startsWith('/health') || route.config?.publicPage) {
      route.compress = false;
      route.decompress = false;
    }
  });
  // Responses of 1 KB and more in brotli or gzip, as the client asks; request bodies are
  // never inflated (a compressed upload could be a bomb).
  await app.register(fastifyCompress, {
    encodings: ['br', 'gzip'],
    threshold: 1024,
    globalDecompression: false,
    brotliOptions: { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 4 } },
  });
  await registerPages(app);
  await registerPortal(app);
  await registerUnsubscribe(app);
  if (config.redisUrl) await registerQueueBoard(app);

  const document = documentCommonErrors(
    SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('Youth Bridge API · 中俄青少年交流 · Российско-китайские молодёжные обмены')
        .setDescription(
          'Every error has the shape ErrorResponse, with `message` in the response language ' +
            "(`?lang=zh|ru`, then Accept-Language, then the user's preference, then Chinese).",
        )
        .setVersion('1')
        .addBearerAuth()
        .build(),
    ),
  );
  SwaggerModule.setup('api/docs', app, document, {
    jsonDocumentUrl: 'api/openapi.json',
    useGlobalPrefix: false,
  });

  await app.init();
  await app.get(InitialAdminService).ensure();
  return app;
}

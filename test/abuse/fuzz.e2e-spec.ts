import fc from 'fast-check';
import { DataSource } from 'typeorm';
import { ENTITIES } from '../../src/database/entities';
import { openDelegation, Session, TestApp } from '../support/test-app';

jest.setTimeout(300_000);

type Method = 'get' | 'post' | 'patch' | 'delete';
interface Operation {
  method: Method;
  path: string;
  parameters: { name: string; in: 'path' | 'query' }[];
  bodySchema?: { properties?: Record<string, unknown>; required?: string[] };
}

const RUNS_PER_OPERATION = 12;

/** Values no field of ours accepts as they are, and a few that test the layers behind. */
const hostile = fc.oneof(
  fc.constantFrom<unknown>(
    null,
    '',
    ' ',
    '2025-02-30',
    '2026-13-01',
    '9999-99-99T99:99:99Z',
    "' OR 1=1 --",
    "'; DROP TABLE users; --",
    '{{constructor.constructor("return process")()}}',
    '${7*7}',
    '<script>alert(1)</script>',
    '../../etc/passwd',
    '\u0000',
    '𠮷野家',
    '👨‍👩‍👧‍👦',
    'a\u200db\u200dc',
    '\u202eevil\u202c',
    'Аdmin', // Cyrillic А
    'раураl', // mixed Cyrillic and Latin look-alikes
    -1,
    0,
    2 ** 53,
    -(2 ** 31),
    1e308,
    Number.MIN_VALUE,
    true,
    [],
    {},
    [null],
    { $gt: '' },
    { __proto__: { polluted: true } },
  ),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ minLength: 5_000, maxLength: 20_000 }).map((s) => s.padEnd(5_000, 'x')),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  fc.array(fc.string(), { maxLength: 5 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 4 }),
);

/** A body sent as written: deeper than the test's own JSON.stringify can recurse. */
class RawJson {
  constructor(readonly text: string) {}
}

/** Objects and arrays alternating, `depth` levels. */
function deep(depth: number): RawJson {
  let text = '"leaf"';
  for (let i = 0; i < depth; i++) text = i % 2 ? `[${text}]` : `{"a":${text}}`;
  return new RawJson(text);
}

function asJson(body: unknown): string {
  if (body instanceof RawJson) return body.text;
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    const entries = Object.entries(body);
    if (entries.some(([, value]) => value instanceof RawJson)) {
      return `{${entries.map(([key, value]) => `${JSON.stringify(key)}:${asJson(value)}`).join(',')}}`;
    }
  }
  return JSON.stringify(body);
}

/** A body that is wrong in at least one way: a field of the wrong kind, an extra one, or no object at all. */
function badBody(schema: Operation['bodySchema']) {
  const fields = Object.keys(schema?.properties ?? {});
  return fc.oneof(
    fc
      .tuple(fc.constantFrom(...(fields.length ? fields : ['x'])), hostile)
      .map(([field, value]) => ({ [field]: value })),
    fc.dictionary(fc.constantFrom(...(fields.length ? fields : ['x'])), hostile, { minKeys: 1 }),
    hostile.map((value) => ({ unexpectedField: value })),
    fc.constantFrom(
      deep(200),
      deep(2000),
      deep(5000),
      deep(10_000),
      [1, 2, 3],
      'text',
      42,
      null,
      true,
    ),
    fc
      .tuple(
        fc.constantFrom(...(fields.length ? fields : ['x'])),
        fc.constantFrom(40, 1000, 10_000),
      )
      .map(([field, depth]) => ({ [field]: deep(depth) })),
  );
}

type Schema = {
  $ref?: string;
  type?: string;
  items?: Schema;
  properties?: Record<string, Schema>;
  allOf?: Schema[];
};

/**
 * Bodies with an array where the schema wants an object, at every level the schema nests
 * objects: each path to a nested object is walked with objects holding only that key,
 * and the array (empty, or of arrays) stands where the object should be.
 */
function arraysForObjects(schema: Schema | undefined, schemas: Record<string, Schema>): unknown[] {
  const resolve = (s: Schema | undefined): Schema | undefined => {
    if (s?.$ref) return schemas[s.$ref.split('/').pop()!];
    if (s?.allOf?.length === 1) return resolve(s.allOf[0]);
    return s;
  };
  const bodies: unknown[] = [];
  const walk = (s: Schema | undefined, wrap: (inner: unknown) => unknown, depth: number) => {
    const resolved = resolve(s);
    if (!resolved?.properties || depth > 6) return;
    for (const [name, property] of Object.entries(resolved.properties)) {
      const inner = resolve(property);
      const at = (value: unknown) => wrap({ [name]: value });
      if (inner?.properties) {
        for (const bad of [[], [[]], [[[]]], [{}]]) bodies.push(at(bad));
        walk(inner, at, depth + 1);
      } else if (inner?.type === 'array' && resolve(inner.items)?.properties) {
        for (const bad of [[[]], [[[]]], [[{}]], [{}, []]]) bodies.push(at(bad));
        walk(inner.items, (value) => at([value]), depth + 1);
      }
    }
  };
  walk(schema, (inner) => inner, 0);
  return bodies;
}

/** Multipart bodies that do not parse as what their content type claims. */
const BROKEN_MULTIPART: [string, string][] = [
  [
    'multipart/form-data',
    '--x\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nabc\r\n--x--\r\n',
  ],
  ['multipart/form-data; boundary=', '--\r\n\r\n--'],
  [
    'multipart/form-data; boundary=x',
    '--x\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nabc',
  ],
  ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="file"\r\n'],
  ['multipart/form-data; boundary=x', 'not multipart at all'],
  ['multipart/form-data; boundary=x', '--x\r\nno header end'],
  ['multipart/form-data; boundary=' + 'b'.repeat(200), '--' + 'b'.repeat(200) + '--'],
  ['multipart/form-data; boundary="unterminated', '--unterminated\r\n'],
  ['multipart/mixed; boundary=x', '--x--'],
  [
    'multipart/form-data; boundary=x',
    '--x\r\nContent-Disposition: form-data; name="file"; filename="a.xlsx"\r\nContent-Type: application/zip\r\n\r\nPK\u0003\u0004\r\n--x',
  ],
];

/** An id or query value that is not what the route takes. */
const badParameter = fc.oneof(
  fc.constantFrom(
    'not-an-id',
    '00000000-0000-0000-0000-000000000000',
    "1' OR '1'='1",
    '%00',
    '..%2F..%2Fetc%2Fpasswd',
    '𠮷',
    'a'.repeat(3000),
    '-1',
    '1e309',
    '2025-02-30',
  ),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }),
);

/**
 * Generated bad input for every operation of the API description: never a 5xx, always
 * the documented error shape, and a refused request writes nothing.
 */
describe('fuzzing from the API description', () => {
  let t: TestApp;
  let actors: Record<'organizer' | 'coordinator' | 'partner', Session>;

  beforeAll(async () => {
    t = await TestApp.start();
    const admin = await t.loginAdmin();
    const delegation = await openDelegation(t, admin);
    actors = {
      organizer: admin,
      coordinator: await t.createUser(admin, 'school_coordinator'),
      partner: await t.createUser(admin, 'partner', { organizationId: delegation.hostId }),
    };
  });
  afterAll(() => t.close());

  /** Rows of every table: a refused request must leave them as they were. */
  async function counts(): Promise<string> {
    const db = t.app.get(DataSource);
    const parts: string[] = [];
    for (const entity of ENTITIES) {
      const table = db.getMetadata(entity).tableName;
      const [row] = await db.query<{ n: string }[]>(`SELECT COUNT(*) AS n FROM ${table}`);
      parts.push(`${table}=${row.n}`);
    }
    return parts.join(' ');
  }

  it('never answers 5xx, always in the error shape, and refused requests write nothing', async () => {
    const spec = (await t.http().get('/api/openapi.json').expect(200)).body as {
      paths: Record<string, Record<string, Record<string, unknown>>>;
      components: { schemas: Record<string, Operation['bodySchema']> };
    };
    const operations: Operation[] = [];
    for (const [path, item] of Object.entries(spec.paths)) {
      for (const [method, op] of Object.entries(item)) {
        const ref = (
          op.requestBody as { content?: Record<string, { schema?: { $ref?: string } }> } | undefined
        )?.content?.['application/json']?.schema?.$ref;
        operations.push({
          method: method as Method,
          path,
          parameters: ((op.parameters as Operation['parameters']) ?? []).filter((p) =>
            ['path', 'query'].includes(p.in),
          ),
          bodySchema: ref ? spec.components.schemas[ref.split('/').pop()!] : undefined,
        });
      }
    }
    const seed = Date.now();
    const problems: string[] = [];
    let sent = 0;
    for (const [index, op] of operations.entries()) {
      if (!op.parameters.length && !op.bodySchema && op.method === 'get') continue;
      // Whoever the route lets through, so that the input reaches validation and beyond.
      const actor = op.path.startsWith('/api/partner')
        ? actors.partner
        : /^\/api\/(participants|applications)/.test(op.path) && op.method !== 'get'
          ? actors.coordinator
          : actors.organizer;
      const samples = fc.sample(
        fc.record({
          params: fc.array(badParameter, { minLength: 4, maxLength: 4 }),
          body: badBody(op.bodySchema),
        }),
        { numRuns: RUNS_PER_OPERATION, seed: seed + index },
      );
      for (const sample of samples) {
        let url = op.path;
        let query = '';
        op.parameters.forEach((p, i) => {
          const value = encodeURIComponent(String(sample.params[i % 4]));
          if (p.in === 'path') url = url.replace(`{${p.name}}`, value);
          else query += `${query ? '&' : '?'}${p.name}=${value}`;
        });
        const mutating = op.method !== 'get';
        const before = mutating ? await counts() : '';
        let request = t
          .http()
          [op.method](url + query)
          .auth(actor.accessToken, { type: 'bearer' });
        if (mutating && op.bodySchema) {
          request = request.set('content-type', 'application/json').send(asJson(sample.body));
        }
        const response = await request;
        sent += 1;
        const body = response.body as {
          statusCode?: number;
          code?: string;
          message?: string;
          requestId?: string;
        };
        const label = `${op.method.toUpperCase()} ${`${url}${query}`.slice(0, 100)} ${asJson(sample.body).slice(0, 100)}`;
        if (response.status >= 500) problems.push(`${response.status} ${body.code}: ${label}`);
        if (response.status >= 400) {
          const shaped =
            body.statusCode === response.status &&
            typeof body.code === 'string' &&
            typeof body.message === 'string' &&
            body.message.length > 0 &&
            typeof body.requestId === 'string';
          if (!shaped) {
            problems.push(
              `error shape: ${response.status} ${JSON.stringify(body).slice(0, 200)} ${label}`,
            );
          }
          if (mutating && (await counts()) !== before) problems.push(`wrote rows: ${label}`);
        }
      }
    }
    expect({ seed, sent: sent > 500, problems }).toEqual({ seed, sent: true, problems: [] });
  });

  it('answers every structural attack in the error shape: deep nesting, arrays for objects, broken multipart', async () => {
    const spec = (await t.http().get('/api/openapi.json').expect(200)).body as {
      paths: Record<
        string,
        Record<string, { requestBody?: { content?: Record<string, { schema?: Schema }> } }>
      >;
      components: { schemas: Record<string, Schema> };
    };
    const problems: string[] = [];
    let sent = 0;
    const check = async (label: string, send: () => Promise<{ status: number; body: unknown }>) => {
      const response = await send();
      sent += 1;
      const body = response.body as { statusCode?: number; code?: string; message?: string };
      const shaped =
        body.statusCode === response.status && typeof body.code === 'string' && !!body.message;
      if (response.status >= 500 || (response.status >= 400 && !shaped)) {
        problems.push(`${response.status} ${JSON.stringify(body).slice(0, 120)}: ${label}`);
      }
    };
    const id = '00000000-0000-4000-8000-000000000000';
    for (const [path, item] of Object.entries(spec.paths)) {
      const url = path.replace(/\{[^}]+\}/g, id);
      for (const [method, op] of Object.entries(item)) {
        if (method === 'get') continue;
        const actor = path.startsWith('/api/partner')
          ? actors.partner
          : /^\/api\/(participants|applications)/.test(path)
            ? actors.coordinator
            : actors.organizer;
        const content = op.requestBody?.content ?? {};
        const request = () =>
          t.http()[method as Method](url).auth(actor.accessToken, { type: 'bearer' });
        const json = content['application/json']?.schema;
        if (json) {
          for (const depth of [33, 1000, 5000, 10_000]) {
            const raw = '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
            await check(`${method} ${path} depth ${depth}`, () =>
              request().set('content-type', 'application/json').send(raw),
            );
          }
          for (const body of arraysForObjects(json, spec.components.schemas)) {
            await check(`${method} ${path} ${JSON.stringify(body).slice(0, 80)}`, () =>
              request().set('content-type', 'application/json').send(JSON.stringify(body)),
            );
          }
        }
        if (content['multipart/form-data']) {
          for (const [type, body] of BROKEN_MULTIPART) {
            await check(
              `${method} ${path} ${type.slice(0, 60)} ${JSON.stringify(body).slice(0, 40)}`,
              () => request().set('content-type', type).send(body),
            );
          }
        }
      }
    }
    expect({ sent: sent > 100, problems }).toEqual({ sent: true, problems: [] });
  });
});

// The baseline: a bare Fastify server with one JSON route and one 8 KB HTML page, the
// ceiling for this machine.
const fastify = require('fastify')({ logger: false });

const row = '<li class="card"><h3><a href="/zh/delegations/00000000-0000-4000-8000-000000000000">黑河学生赴布拉戈维申斯克夏令营</a></h3></li>\n';
const html = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>bare</title></head><body><ul>${row.repeat(Math.ceil(8192 / Buffer.byteLength(row)))}</ul></body></html>`;

fastify.get('/json', async () => ({ status: 'ok' }));
fastify.get('/html', (_request, reply) => {
  void reply.type('text/html; charset=utf-8').send(html);
});
fastify.listen({ port: Number(process.argv[2] ?? 3901), host: '127.0.0.1' }).then(
  () => process.send?.('ready'),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);

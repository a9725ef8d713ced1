// The baseline: a bare Fastify server with one JSON route, the ceiling for this machine.
const fastify = require('fastify')({ logger: false });

fastify.get('/json', async () => ({ status: 'ok' }));
fastify.listen({ port: Number(process.argv[2] ?? 3901), host: '127.0.0.1' }).then(
  () => process.send?.('ready'),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);

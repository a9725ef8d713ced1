// Lets ts-jest apply the same @nestjs/swagger compiler plugin as `nest build`,
// so the OpenAPI document under test is the one production serves.
const plugin = require('@nestjs/swagger/plugin');

module.exports = {
  name: 'nestjs-swagger-plugin',
  version: 1,
  factory: (tsCompiler, options) => plugin.before(options, tsCompiler.program),
};

// Shared jest setup: swc transform with decorator metadata (type-graphql, TypeORM need it),
// workspace packages mapped to their TypeScript sources so tests never need a build.
const path = require('path');
const root = __dirname;
const swc = JSON.parse(require('fs').readFileSync(path.join(root, '.swcrc'), 'utf8'));
delete swc.$schema;
delete swc.exclude;

module.exports = (dir) => ({
  rootDir: dir,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', swc] },
  moduleNameMapper: {
    '^@petition/(clock|text|auth|events|subgraph|service-kit)$': path.join(root, 'libs/$1/src/index.ts'),
    '^@petition/(intake|case|hotspot-screening|joint-reception|assessment)$': path.join(root, 'services/$1/src/index.ts'),
    '^@petition/gateway$': path.join(root, 'gateway/src/index.ts'),
  },
  setupFiles: ['reflect-metadata'],
  testTimeout: 30000,
  // Integration tests share one PostgreSQL and one NATS; each file owns its database and stream prefix.
  maxWorkers: 1,
  reporters: [['default', { summaryThreshold: 0 }], path.join(root, 'scripts/jest-tally-reporter.js')],
});

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Property tests run on a fixed seed (FC_SEED overrides it): see test/support/fastCheckSeed.ts.
  setupFiles: ['<rootDir>/test/support/fastCheckSeed.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2023' }, module: { type: 'commonjs' } },
    ],
  },
  // Child processes and servers need a moment on 2 cores; individual tests set longer timeouts where they wait.
  testTimeout: 30000,
  maxWorkers: 2,
};

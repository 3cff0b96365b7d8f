// `npm run test:faults`: the fault suite on real processes (see test/faults).
const base = require('./jest.config.js');
module.exports = {
  ...base,
  testMatch: ['<rootDir>/test/faults/**/*.faults.ts'],
  maxWorkers: 1,
  // The closing summary line is the main suite's (npm test runs last in CI).
  reporters: ['default'],
  testTimeout: 240000,
};

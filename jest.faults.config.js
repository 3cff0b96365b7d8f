// `npm run test:faults`: the fault suite on real processes (see test/faults).
const base = require('./jest.config.js');
module.exports = {
  ...base,
  testMatch: ['<rootDir>/test/faults/**/*.faults.ts'],
  maxWorkers: 1,
  testTimeout: 240000,
};

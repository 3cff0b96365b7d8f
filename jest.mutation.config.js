// The pure core's own tests (libs/domain, workflows/): what `npm run test:mutation` runs against each mutant.
const base = require('./jest.config.js');

module.exports = {
  ...base,
  testMatch: ['<rootDir>/{libs/domain,workflows}/**/*.spec.ts'],
  reporters: ['default'],
  maxWorkers: 1,
};

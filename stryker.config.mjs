// Mutation testing of the pure core (README "Mutation testing"): Stryker puts small bugs into
// libs/domain and workflows/ one at a time and runs their unit tests against each; a mutant the
// tests do not catch ("survived") is a bug the suite would ship. `npm run test:mutation`.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'jest',
  jest: { configFile: 'jest.mutation.config.js', enableFindRelatedTests: false },
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.mutation.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  mutate: [
    'libs/domain/src/**/*.ts',
    'workflows/**/*.ts',
    '!**/*.spec.ts',
    // Types only; and the announced days, which are data: calendar.spec.ts crosses each of them with a
    // deadline written from the announcement itself.
    '!libs/domain/src/{types,views,index,calendar-data}.ts',
    '!workflows/index.ts',
  ],
  coverageAnalysis: 'perTest',
  concurrency: 2,
  timeoutMS: 10000,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 90, low: 80, break: 80 },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};

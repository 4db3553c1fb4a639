// Appends each package's jest totals to .test-results/, so scripts/test.sh can print one
// closing line for the whole monorepo ("N passed, N failed") after turbo has run every package.
const fs = require('fs');
const path = require('path');

class TallyReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
  }
  onRunComplete(_contexts, results) {
    const dir = path.join(__dirname, '..', '.test-results');
    fs.mkdirSync(dir, { recursive: true });
    const name = path.basename(this.rootDir) + '-' + process.pid + '.json';
    fs.writeFileSync(
      path.join(dir, name),
      JSON.stringify({
        package: path.relative(path.join(__dirname, '..'), this.rootDir),
        passed: results.numPassedTests,
        failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
        skipped: results.numPendingTests + results.numTodoTests,
      }),
    );
  }
}
module.exports = TallyReporter;

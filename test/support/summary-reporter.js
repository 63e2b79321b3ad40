/** Prints one plain closing line ("jest: N passed, N failed, N skipped") that CI tooling can read. */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const { numPassedTests, numFailedTests, numPendingTests, numTodoTests, numFailedTestSuites } =
      results;
    if (numFailedTestSuites > 0 && numFailedTests === 0)
      console.log(`jest: ${numFailedTestSuites} suites failed to run`);
    console.log(
      `jest: ${numPassedTests} passed, ${numFailedTests} failed, ${numPendingTests + numTodoTests} skipped`,
    );
  }
}
module.exports = SummaryReporter;

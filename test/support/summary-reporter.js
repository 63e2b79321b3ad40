/**
 * Prints the run's timeline (how long the workers were idle while the run lasted, and the suites
 * that ended it), then one plain closing line ("jest: N passed, N failed, N skipped") that CI
 * tooling can read. The timeline is what the suite order (tier-sequencer.js) is judged by.
 */
class SummaryReporter {
  constructor(globalConfig) {
    this.workers = globalConfig.maxWorkers;
  }

  onRunComplete(_contexts, results) {
    const timeline = this.timeline(results.testResults);
    if (timeline) console.log(timeline);
    const { numPassedTests, numFailedTests, numPendingTests, numTodoTests, numFailedTestSuites } =
      results;
    if (numFailedTestSuites > 0 && numFailedTests === 0)
      console.log(`jest: ${numFailedTestSuites} suites failed to run`);
    console.log(
      `jest: ${numPassedTests} passed, ${numFailedTests} failed, ${numPendingTests + numTodoTests} skipped`,
    );
  }

  /** Worker time not spent in a suite between the first suite's start and the last one's end. */
  timeline(testResults) {
    const suites = testResults
      .filter((r) => r.perfStats.start > 0 && r.perfStats.end > 0)
      .map((r) => ({ path: r.testFilePath, start: r.perfStats.start, end: r.perfStats.end }));
    if (suites.length === 0) return undefined;
    const first = Math.min(...suites.map((s) => s.start));
    const last = Math.max(...suites.map((s) => s.end));
    const busy = suites.reduce((sum, s) => sum + s.end - s.start, 0);
    const workers = Math.min(this.workers, suites.length);
    const idle = workers * (last - first) - busy;
    const s = (ms) => (ms / 1000).toFixed(1);
    const ending = suites
      .sort((a, b) => b.end - a.end)
      .slice(0, 3)
      .map((x) => `${x.path.split('/').pop()} ${s(x.start - first)}+${s(x.end - x.start)} s`);
    return (
      `jest timeline: ${s(last - first)} s on ${workers} workers, ${s(busy)} s in suites, ` +
      `${s(idle)} worker-s idle; last to end: ${ending.join(', ')}`
    );
  }
}
module.exports = SummaryReporter;

const Sequencer = require('@jest/test-sequencer').default;

/** Later tiers run later: their suites are short, so they fill the workers' tail instead of one long suite starting last. */
const tierOf = (path) =>
  /\.e2e\.spec\.ts$/.test(path) ? 0 : /\.int\.spec\.ts$/.test(path) ? 1 : 2;

/**
 * Jest orders suites it has no timings for (a fresh clone, as in CI) by file size,
 * which starts small but long suites (the chaos tests, the lease contract) near
 * the end, where one of them can keep a worker busy after the other is idle.
 * Without timings: e2e first, then int, then unit, by size within each. With
 * timings (a local re-run), Jest's own order, longest first.
 */
class TierSequencer extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    if (sorted.some((test) => test.duration != null)) return sorted;
    // Array.prototype.sort is stable: the size order stays within a tier.
    return sorted.sort((a, b) => tierOf(a.path) - tierOf(b.path));
  }
}

module.exports = TierSequencer;

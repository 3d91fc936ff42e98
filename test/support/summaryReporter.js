// After jest's own summary: the ten slowest test files (where CI's time goes), then one plain
// closing line ("tests: N passed, N failed, N skipped"), so CI logs carry a runner-independent count.
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const slowest = results.testResults
      .map((r) => ({ file: r.testFilePath, seconds: (r.perfStats.end - r.perfStats.start) / 1000 }))
      .filter((r) => Number.isFinite(r.seconds))
      .sort((a, b) => b.seconds - a.seconds)
      .slice(0, 10);
    if (slowest.length > 1) {
      process.stdout.write("\nslowest test files:\n");
      for (const { file, seconds } of slowest)
        process.stdout.write(
          `  ${seconds.toFixed(1).padStart(7)} s  ${file.replace(`${process.cwd()}/`, "")}\n`,
        );
    }
    const passed = results.numPassedTests;
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    const skipped = results.numPendingTests + results.numTodoTests;
    process.stdout.write(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
module.exports = SummaryReporter;

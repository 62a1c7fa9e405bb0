// Prints one line, "N passed, N failed[, N skipped]", summed over vitest JSON reports.
import { readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of process.argv.slice(2)) {
  try {
    const report = JSON.parse(readFileSync(file, 'utf8'));
    passed += report.numPassedTests;
    // A file that failed without a failing test (a hook or an import threw) counts as one failure; a failing
    // test counts once, not again for each suite around it.
    const brokenFiles = (report.testResults ?? []).filter(
      (file) => file.status === 'failed' && !file.assertionResults?.some((test) => test.status === 'failed'),
    ).length;
    failed += report.numFailedTests + brokenFiles;
    skipped += report.numPendingTests + report.numTodoTests;
  } catch {
    failed += 1;
    console.error(`test-totals: cannot read ${file}`);
  }
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);

// Prints the plain closing line CI reads, `N passed, N failed`, from vitest's JSON report.
// `--checks-failed N` adds the failed non-test checks (lint, typecheck, synth) to the failures,
// so the line never reads green when CI is red.

import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface VitestJsonReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
}

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { 'checks-failed': { type: 'string', default: '0' } },
});
const checksFailed = Number(values['checks-failed']);
const [reportPath = '.reports/vitest.json'] = positionals;
let report: VitestJsonReport;
try {
  report = JSON.parse(readFileSync(reportPath, 'utf8')) as VitestJsonReport;
} catch {
  // No report means the run itself failed before any test could be counted.
  report = { numPassedTests: 0, numFailedTests: 1, numPendingTests: 0, numTodoTests: 0 };
}
const failed = report.numFailedTests + checksFailed;
const skipped = report.numPendingTests + report.numTodoTests;
console.log(
  `${report.numPassedTests} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`,
);

// The round trip on every JS/TS file of the installed dependencies: copy them to a temp folder, run
// the built CLI's `fix` on it, and print files, findings, parse errors, changed files, time and the
// child's peak memory. Exits 1 when a file changed without a finding or the run exited 2.
// Run: npm run soak
// Extra arguments go to the CLI. Real dependency code names no WeChat host, so the scanner is never
// loaded by default; `npm run soak -- --no-default-hosts --host com --host org --host io` treats every
// such host as WeChat's and drives the scanner and the transform over real TLS code.
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { CLI, removeProject, snapshot } from '../test/helpers/safety-cli.ts';
import { copyCorpus, dependencyFiles } from '../test/helpers/safety-corpus.ts';

const { root, copied } = copyCorpus(dependencyFiles());
const before = snapshot(root);
const started = performance.now();
// /usr/bin/time is not everywhere: measure the child's peak RSS from inside it with a preload.
const child = spawnSync(
  process.execPath,
  ['--import', 'data:text/javascript,process.on("exit",()=>process.stderr.write("\\nSOAK_PEAK_RSS="+process.resourceUsage().maxRSS+"\\n"))', CLI, 'fix', '--format', 'json', '--include-tests', '.', ...process.argv.slice(2)],
  { cwd: root, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, env: { PATH: process.env.PATH, NO_COLOR: '1' } },
);
const seconds = (performance.now() - started) / 1000;
const peakKb = Number(/SOAK_PEAK_RSS=(\d+)/.exec(child.stderr)?.[1] ?? NaN);
let report: { summary: { filesMatched: number; filesParsed: number; findings: Record<string, number> }; findings: Array<{ file: string }>; errors: Array<{ file: string; message: string }> };
try {
  report = JSON.parse(child.stdout);
} catch {
  process.stderr.write(`soak: no JSON report (exit ${child.status})\n${child.stderr}\n`);
  process.exit(1);
}
const after = snapshot(root);
const withFinding = new Set(report.findings.map((finding) => finding.file));
const changed = [...before].filter(([entry, content]) => after.get(entry) !== content).map(([entry]) => entry);
const unexplained = changed.filter((entry) => !withFinding.has(entry));
const skipped = report.errors.filter((error) => error.message.startsWith('skipped:'));
const parseErrors = report.errors.filter((error) => !error.message.startsWith('skipped:'));
const lines = [
  `files copied       ${copied.length}`,
  `files matched      ${report.summary.filesMatched}`,
  `files parsed       ${report.summary.filesParsed}`,
  `findings           ${Object.entries(report.summary.findings).map(([kind, n]) => `${kind} ${n}`).join(', ')}`,
  `parse errors       ${parseErrors.length}`,
  `skipped (notice)   ${skipped.length}`,
  `files changed      ${changed.length} (without a finding: ${unexplained.length})`,
  `exit code          ${child.status}`,
  `time               ${seconds.toFixed(1)} s`,
  `peak memory        ${(peakKb / 1024).toFixed(0)} MB (max RSS of the CLI process)`,
];
process.stdout.write(`${lines.join('\n')}\n`);
for (const error of report.errors) process.stdout.write(`  ${error.file}: ${error.message}\n`);
for (const entry of unexplained) process.stdout.write(`  CHANGED WITHOUT A FINDING: ${entry}\n`);
removeProject(root);
process.exitCode = child.status === 2 || unexplained.length > 0 ? 1 : 0;

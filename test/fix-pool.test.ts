// Fixing ahead on a worker (src/fix-pool.ts) must give exactly the outcomes fixFile gives on this
// thread: for files whose verdicts match the worker's guess, for files whose targets differ, for
// files the worker was never offered, and when the worker is gone before its answers are read.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fixFile, type FixOutcome } from '../src/fix.ts';
import { FixAhead, fixFiles, MIN_FIX_AHEAD, type FixJob } from '../src/fix-pool.ts';
import { createHostMatcher } from '../src/hosts.ts';
import { scanFiles } from '../src/scan/index.ts';

/** `count` files, each with a pin for WeChat; every third also pins a CA for another host (needs-review). */
function project(count: number): Map<string, string> {
  const texts = new Map<string, string>();
  for (let index = 0; index < count; index++) {
    const other = index % 3 === 0 ? `\nconst own = new https.Agent({ ca: fs.readFileSync('own.pem') });\nhttps.get('https://example.com/', { agent: own });` : '';
    texts.set(
      `/project/src/client-${index}.js`,
      [
        "const https = require('https');",
        "const fs = require('fs');",
        `const agent = new https.Agent({ ca: fs.readFileSync('wx-${index}.pem'), keepAlive: true });`,
        "https.get('https://api.weixin.qq.com/cgi-bin/token', { agent });" + other,
        '',
      ].join('\n'),
    );
  }
  return texts;
}

/** Scans the project with a FixAhead fed by the scanner, and returns the fix jobs run() would make. */
function scanWithAhead(texts: Map<string, string>): { jobs: FixJob[]; ahead: FixAhead } {
  const ahead = FixAhead.start(texts);
  assert.ok(ahead, 'a worker on this machine');
  const scan = scanFiles({
    texts,
    candidates: [...texts.keys()],
    matcher: createHostMatcher(),
    roots: ['/project'],
    onSites: ahead.offer,
  });
  const byFile = new Map<string, FixJob>();
  for (const finding of scan.findings) {
    if (finding.status !== 'fixable') continue;
    const job = byFile.get(finding.file) ?? { source: { file: finding.file, text: texts.get(finding.file)! }, findings: [] };
    (job.findings as Array<{ removal: typeof finding.removal }>).push({ removal: finding.removal });
    byFile.set(finding.file, job);
  }
  return { jobs: [...byFile.values()], ahead };
}

async function onThisThread(jobs: readonly FixJob[]): Promise<FixOutcome[]> {
  const outcomes: FixOutcome[] = [];
  for (const job of jobs) outcomes.push(await fixFile(job.source, job.findings));
  return outcomes;
}

describe('fixFiles with a worker fixing ahead', () => {
  const texts = project(MIN_FIX_AHEAD + 6);

  test('gives the outcomes fixFile gives, files with other verdicts included', async () => {
    const { jobs, ahead } = scanWithAhead(texts);
    // The files with a second, needs-review pin: the worker guessed both pins as targets.
    assert.ok(jobs.some((job) => job.source.text.includes('own.pem')));
    const expected = await onThisThread(jobs);
    assert.ok(expected.every((outcome) => 'after' in outcome));
    assert.deepEqual(await fixFiles(jobs, ahead), expected);
    // Every file without a second pin came from the worker.
    assert.equal(ahead.taken, jobs.filter((job) => !job.source.text.includes('own.pem')).length);
  });

  test('fixes here a file the worker was not offered, or offered with another text', async () => {
    const { jobs, ahead } = scanWithAhead(texts);
    const changed = jobs.map((job, index) => (index === 1 ? { ...job, source: { ...job.source, text: `${job.source.text}\n` } } : job));
    const extra = jobs[0]!;
    const all = [...changed, { ...extra, source: { ...extra.source, file: '/project/src/not-offered.js' } }];
    assert.deepEqual(await fixFiles(all, ahead), await onThisThread(all));
  });

  test('fixes everything here when the worker is gone', async () => {
    const { jobs, ahead } = scanWithAhead(texts);
    ahead.close();
    assert.deepEqual(await fixFiles(jobs, ahead), await onThisThread(jobs));
    assert.equal(ahead.taken, 0);
  });
});

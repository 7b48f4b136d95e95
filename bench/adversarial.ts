// Issue 11, item 4: the CPU time of every pattern that reads user text, on adversarial input at two
// sizes. Linear code takes about 4× as long on 4× the input; the check allows 8× (noise) and a second
// at the larger size. A backtracking pattern fails it by orders of magnitude (the old Flow pragma
// pattern doubled its time with each leading `/* */`). Part of `npm run bench`; alone:
// `node --import tsx bench/adversarial.ts`. Never timed in `npm test` (test/safety-regex.test.ts runs
// the same inputs for their results).
import { pathToFileURL } from 'node:url';
import { parseCertificates } from '../src/certificate.ts';
import { hasFlowPragma } from '../src/flow-pragma.ts';
import { hostOf } from '../src/hosts.ts';
import { lineStarts } from '../src/line-starts.ts';
import { mayHoldFinding } from '../src/prefilter.ts';
import { nestingDepth } from '../src/read.ts';
import { suppressionComment } from '../src/report/sarif.ts';
import { suppressionOf } from '../src/suppress.ts';
import type { TargetCheck } from './report.ts';

export interface AdversarialCase {
  name: string;
  /** A small and a 4× larger size (in repetitions). */
  sizes: readonly [number, number];
  input(size: number): string;
  run(text: string): unknown;
}

export const ADVERSARIAL: readonly AdversarialCase[] = [
  { name: 'Flow pragma: `/* */` × n, no pragma', sizes: [100_000, 400_000], input: (n) => `${'/* */'.repeat(n)}\nx`, run: hasFlowPragma },
  { name: 'Flow pragma: `// x` lines × n', sizes: [100_000, 400_000], input: (n) => `${'// x\n'.repeat(n)}x`, run: hasFlowPragma },
  {
    name: 'suppression header: comments × n, then an unterminated one',
    sizes: [50_000, 200_000],
    input: (n) => `${'/* */ \n// x\n'.repeat(n)}/*`,
    run: (text) => suppressionOf(text, 2),
  },
  {
    name: 'PEM blocks: BEGIN × n, no END',
    sizes: [37_000, 148_000],
    input: (n) => '-----BEGIN CERTIFICATE-----\n'.repeat(n),
    run: (text) => parseCertificates(Buffer.from(text, 'latin1')),
  },
  {
    name: 'SARIF suppression reason: marker, n spaces, x',
    sizes: [2_000_000, 8_000_000],
    input: (n) => `// wechat-unpin-ignore-next-line${' '.repeat(n)}x`,
    run: (text) => suppressionComment(text, 'wechat-unpin-ignore-next-line'),
  },
  { name: 'prefilter: `ca` and spaces × n', sizes: [200_000, 800_000], input: (n) => 'ca    '.repeat(n), run: mayHoldFinding },
  { name: 'host of a URL: `a.` × n', sizes: [200_000, 800_000], input: (n) => `https://${'a.'.repeat(n)}`, run: hostOf },
  { name: 'line table: every line break kind × n', sizes: [200_000, 800_000], input: (n) => 'a\r\nb\nc\rd\u2028e\u2029'.repeat(n), run: (text) => lineStarts(text.slice(1)) }, // a new string: no cache hit
  { name: 'nesting depth: `(` × n, unclosed strings', sizes: [200_000, 800_000], input: (n) => "('\n".repeat(n), run: (text) => nestingDepth(text) },
];

/** CPU milliseconds of one call (best of three: the least disturbed by other work on the machine). */
function cpuMs(item: AdversarialCase, text: string): number {
  let best = Number.POSITIVE_INFINITY;
  for (let attempt = 0; attempt < 3; attempt++) {
    const before = process.cpuUsage();
    item.run(text);
    const used = process.cpuUsage(before);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return best;
}

export const GROWTH_LIMIT = 8;
export const LARGE_LIMIT_MS = 1000;

export function adversarialChecks(): TargetCheck[] {
  return ADVERSARIAL.map((item) => {
    const [small, large] = item.sizes.map((size) => cpuMs(item, item.input(size))) as [number, number];
    // Below a few milliseconds the ratio is noise: count the small run as at least 2 ms.
    const growth = large / Math.max(small, 2);
    const pass = growth <= GROWTH_LIMIT && large <= LARGE_LIMIT_MS;
    return {
      target: `linear on adversarial input: ${item.name}`,
      measured: `${small.toFixed(1)} ms at n=${item.sizes[0]}, ${large.toFixed(1)} ms at n=${item.sizes[1]}`,
      factor: `${growth.toFixed(1)}× for 4× the input (limit ${GROWTH_LIMIT}×, and ${LARGE_LIMIT_MS} ms)`,
      pass,
    };
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  let failed = 0;
  for (const check of adversarialChecks()) {
    if (!check.pass) failed++;
    process.stdout.write(`${check.pass ? 'PASS' : 'MISS'}  ${check.target}: ${check.measured}; ${check.factor}\n`);
  }
  process.exitCode = failed > 0 ? 1 : 0;
}

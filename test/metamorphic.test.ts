// Metamorphic tests of the scanner: does its verdict generalise? Every corpus case with an expected
// finding (fixture cases are discovered from fixtures/corpus/, never listed) is scanned as it is,
// then rewritten by every generator under test/helpers/metamorphic/rewrites/:
//   preserving        the same program refactored: the verdict must not change;
//   adds-other-write  one more write of a non-WeChat host reaching a literal that feeds a fixable
//                     finding: that finding must become needs-review and fix must leave its pin;
//   control           the same write with another WeChat host: the verdict must not change.
// Verdicts are compared as multisets of (file after renames, kind, status); fix as what `fix` would
// write (see helpers/metamorphic/verdict.ts). Variants are scanned by run() in worker threads (2).
// Each generator's own examples are checked first, to the exact text, so that a broken generator
// cannot make the harness vacuous.
// A generator's `knownMisses` (variants the scanner is known to get wrong) run as todos: reported apart,
// never failing the run; one that passes is listed so that its entry can go.
// METAMORPHIC_REPORT=file.json also writes every outcome there (for worklists).
// METAMORPHIC_REWRITES=id,id runs only those rewrites.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { buildContext, CONTROL_HOST, OTHER_HOST, type WriteMode } from './helpers/metamorphic/context.ts';
import { ScanPool } from './helpers/metamorphic/pool.ts';
import { loadRewrites } from './helpers/metamorphic/registry.ts';
import type { ScanOptions, ScanOutcome, SlimFinding } from './helpers/metamorphic/scan.ts';
import { isCode, syntaxErrors } from './helpers/metamorphic/source.ts';
import type { KnownMiss, Project, Rewrite, RewriteKind, Variant } from './helpers/metamorphic/types.ts';
import { problems, unparsable } from './helpers/metamorphic/verdict.ts';

const CORPUS = fileURLToPath(new URL('../fixtures/corpus/', import.meta.url));

interface CaseSpec {
  fixArgs?: { fixInsecure?: boolean; hosts?: string[] };
  findings: Array<{ status: string }>;
  scanGap?: string;
}

interface Case {
  name: string;
  project: Project;
  options: ScanOptions;
}

function readProject(root: string): Project {
  const project: Project = new Map();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else project.set(path.relative(root, full).split(path.sep).join('/'), readFileSync(full, 'utf8'));
    }
  };
  walk(root);
  return project;
}

/** Corpus cases with at least one expected fixable or needs-review finding. */
function discoverCases(): Case[] {
  return readdirSync(CORPUS, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(CORPUS, entry.name, 'case.json')))
    .map((entry) => entry.name)
    .sort()
    .flatMap((name) => {
      const spec = JSON.parse(readFileSync(path.join(CORPUS, name, 'case.json'), 'utf8')) as CaseSpec;
      if (!spec.findings.some((finding) => finding.status === 'fixable' || finding.status === 'needs-review')) return [];
      // A case whose scan waits on a stage outside the scanner (corpus README) has no verdict to keep yet.
      if (spec.scanGap) return [];
      const options = { hosts: spec.fixArgs?.hosts ?? [], fixInsecure: spec.fixArgs?.fixInsecure ?? false };
      return [{ name, project: readProject(path.join(CORPUS, name, 'input')), options }];
    });
}

const only = process.env.METAMORPHIC_REWRITES?.split(',').filter((id) => id !== '');
const rewrites = (await loadRewrites()).filter((rewrite) => !only || only.includes(rewrite.meta.id));
const cases = discoverCases();

describe('metamorphic rewrite generators', () => {
  test('every rewrite has a meta, a generator and at least one example', () => {
    assert.ok(only || rewrites.length >= 10, `only ${rewrites.length} rewrites`);
    for (const rewrite of rewrites) {
      assert.ok(rewrite.meta.description.length > 0, `${rewrite.meta.id}: no description`);
      assert.ok(rewrite.examples.length > 0, `${rewrite.meta.id}: no example`);
      assert.ok(rewrite.examples.some((example) => example.expected !== 'not-applicable'), `${rewrite.meta.id}: no example that makes a variant`);
      for (const miss of rewrite.knownMisses) {
        if (miss.case !== undefined) assert.ok(cases.some((item) => item.name === miss.case), `${rewrite.meta.id}: a known miss names ${miss.case}, which is no corpus case with a verdict`);
        assert.ok(miss.reason.length > 0, `${rewrite.meta.id}: the known miss of ${miss.case} says no reason`);
      }
    }
  });

  for (const rewrite of rewrites) {
    test(`${rewrite.meta.id} makes exactly the text of its examples`, () => {
      for (const example of rewrite.examples) {
        const project: Project = new Map(Object.entries(example.files));
        const made = rewrite.generate(project, buildContext(project, example.findings, 'other'));
        if (example.expected === 'not-applicable') {
          assert.equal(made, 'not-applicable', example.name);
          continue;
        }
        assert.notEqual(made, 'not-applicable', example.name);
        const variants = made as Variant[];
        const actual = variants.map((variant) => ({
          name: variant.name,
          files: Object.fromEntries([...variant.files].filter(([file, text]) => project.get(file) !== text)),
          deleted: [...project.keys()].filter((file) => !variant.files.has(file)),
        }));
        assert.deepEqual(actual, example.expected.map((item) => ({ deleted: [], ...item })), example.name);
        for (const variant of variants) {
          for (const [file, text] of Object.entries(actual.find((item) => item.name === variant.name)!.files)) {
            // A manifest a rewrite adds a dependency to is JSON, not code.
            if (isCode(file)) assert.deepEqual(syntaxErrors(file, text), [], `${example.name}: ${file} must parse`);
          }
        }
        if (rewrite.meta.kind === 'adds-other-write') {
          // The control is the same write with another WeChat host, nothing else.
          const control = rewrite.generate(project, buildContext(project, example.findings, 'control')) as Variant[];
          assert.deepEqual(
            control.map((variant) => Object.fromEntries(variant.files)),
            variants.map((variant) => Object.fromEntries([...variant.files].map(([file, text]) => [file, text.split(OTHER_HOST).join(CONTROL_HOST)]))),
            `${example.name}: the control`,
          );
        }
      }
    });
  }
});

describe('metamorphic verdict comparison', () => {
  const client = "const https = require('https');\nconst a = new https.Agent({ ca: CA1 });\nconst b = new https.Agent({ ca: CA2 });\n";
  const project: Project = new Map([['client.js', client]]);
  const finding = (line: number, status: SlimFinding['status'], file = 'client.js'): SlimFinding => ({
    file,
    line,
    column: 29,
    kind: 'pinned-ca',
    status,
    reason: status === 'fixable' ? 'wechat-only' : 'unresolved-host',
    hosts: [],
    evidence: [],
  });
  const original: ScanOutcome = { findings: [finding(2, 'fixable'), finding(3, 'fixable')], changes: [], errors: [] };
  const target = { findings: [1] } as Variant['target'];
  const check = (variant: Partial<Variant>, outcome: ScanOutcome, kind: RewriteKind = 'preserving') =>
    problems({ originalProject: project, original, variant: { name: 'v', files: project, ...variant }, outcome, kind, fixInsecure: false });
  const fixed = (after: string) => [{ file: 'client.js', before: client, after }];

  test('the same verdict on other lines, with fix removing both pins, passes', () => {
    const outcome = { findings: [finding(3, 'fixable'), finding(2, 'fixable')], changes: fixed("const https = require('https');\nconst a = new https.Agent({});\nconst b = new https.Agent({});\n"), errors: [] };
    assert.deepEqual(check({}, outcome), []);
  });

  test('a renamed file is expected under its new name; a lost finding is reported', () => {
    const outcome = { findings: [finding(2, 'fixable', 'client.ts')], changes: [], errors: [] };
    const found = check({ renames: { 'client.js': 'client.ts' }, files: new Map([['client.ts', client]]) }, { ...outcome, changes: [{ file: 'client.ts', before: client, after: client.replace('{ ca: CA1 }', '{}') }] });
    assert.equal(found.length, 1);
    assert.match(found[0]!, /^verdict: expected \[client.ts pinned-ca fixable, client.ts pinned-ca fixable\], got \[client.ts pinned-ca fixable\]; missing client.ts pinned-ca fixable/);
  });

  test('a write of another host must make its target needs-review, and fix must keep that pin', () => {
    const stillFixable = { findings: [finding(2, 'fixable'), finding(3, 'fixable')], changes: fixed("const https = require('https');\nconst a = new https.Agent({});\nconst b = new https.Agent({});\n"), errors: [] };
    const found = check({ target: target! }, stillFixable, 'adds-other-write');
    assert.equal(found.length, 2);
    assert.match(found[0]!, /missing client.js pinned-ca needs-review; unexpected client.js pinned-ca fixable/);
    assert.equal(found[1], 'fix: removes "ca: CA2" from client.js, a pin the added write makes needs-review');
    const right = { findings: [finding(2, 'fixable'), finding(3, 'needs-review')], changes: fixed(client.replace('{ ca: CA1 }', '{}')), errors: [] };
    assert.deepEqual(check({ target: target! }, right, 'adds-other-write'), []);
  });

  test('fix that leaves a fixable pin, or changes a file without one, is reported', () => {
    const leaves = { findings: [finding(2, 'fixable'), finding(3, 'fixable')], changes: fixed(client.replace('{ ca: CA1 }', '{}')), errors: [] };
    assert.deepEqual(check({}, leaves), ['fix: client.js still holds "ca: CA2" (1 left)']);
    const stray = { ...leaves, changes: [...fixed(client.replace(/\{ ca: CA\d \}/g, '{}')), { file: 'other.js', before: 'x', after: 'y' }] };
    assert.deepEqual(check({}, stray), ['fix: changes other.js, which holds no fix-selected pin']);
  });
});

type Mode = 'preserving' | 'other' | 'control';

interface Outcome {
  case: string;
  rewrite: string;
  mode: Mode;
  variant: string;
  problems: string[];
  /** The known miss this variant is, if it is one. */
  known?: KnownMiss;
}

const tally = new Map<string, Record<Mode, { passed: number; failed: number }> & { notApplicable: number; known: number }>();
const outcomes: Outcome[] = [];
const inapplicable: Array<{ case: string; rewrite: string }> = [];
const started = performance.now();

function countFor(rewrite: string) {
  let entry = tally.get(rewrite);
  if (!entry) {
    entry = { preserving: { passed: 0, failed: 0 }, other: { passed: 0, failed: 0 }, control: { passed: 0, failed: 0 }, notApplicable: 0, known: 0 };
    tally.set(rewrite, entry);
  }
  return entry;
}

function record(outcome: Outcome): void {
  outcomes.push(outcome);
  const entry = countFor(outcome.rewrite);
  if (outcome.known !== undefined && outcome.problems.length > 0) entry.known++;
  else entry[outcome.mode][outcome.problems.length === 0 ? 'passed' : 'failed']++;
}

function knownMiss(rewrite: Rewrite, caseName: string, mode: Mode, variant: Variant): KnownMiss | undefined {
  return rewrite.knownMisses.find((miss) => (miss.case === undefined || miss.case === caseName) && (miss.mode === undefined || miss.mode === mode) && (miss.variant === undefined || variant.name.includes(miss.variant)));
}

function modesOf(rewrite: Rewrite): Array<{ mode: Mode; write: WriteMode; kind: RewriteKind }> {
  if (rewrite.meta.kind === 'adds-other-write') {
    return [
      { mode: 'other', write: 'other', kind: 'adds-other-write' },
      { mode: 'control', write: 'control', kind: 'adds-wechat-write' },
    ];
  }
  if (rewrite.meta.kind === 'adds-wechat-write') return [{ mode: 'control', write: 'control', kind: 'adds-wechat-write' }];
  return [{ mode: 'preserving', write: 'other', kind: 'preserving' }];
}

function report(): void {
  const all = [...tally.values()];
  const sum = (mode: Mode, field: 'passed' | 'failed') => all.reduce((total, entry) => total + entry[mode][field], 0);
  const modes: Mode[] = ['preserving', 'other', 'control'];
  const count = (mode: Mode) => sum(mode, 'passed') + sum(mode, 'failed');
  const passed = modes.reduce((total, mode) => total + sum(mode, 'passed'), 0);
  const failed = modes.reduce((total, mode) => total + sum(mode, 'failed'), 0);
  const lines = ['', 'metamorphic failures:'];
  for (const outcome of outcomes.filter((item) => item.problems.length > 0 && item.known === undefined)) {
    lines.push(`- ${outcome.case} / ${outcome.rewrite} [${outcome.mode}] ${outcome.variant}`, ...outcome.problems.map((problem) => `    ${problem.replace(/\n/g, '\n    ')}`));
  }
  lines.push('', 'metamorphic known scanner misses (todo):');
  const generic = new Map<KnownMiss, { rewrite: string; missed: number; passed: number }>();
  for (const outcome of outcomes) {
    const miss = outcome.known;
    if (miss === undefined) continue;
    if (miss.case === undefined) {
      // An entry for every case: counted, not listed variant by variant.
      const entry = generic.get(miss) ?? { rewrite: outcome.rewrite, missed: 0, passed: 0 };
      entry[outcome.problems.length > 0 ? 'missed' : 'passed']++;
      generic.set(miss, entry);
      continue;
    }
    const state = outcome.problems.length > 0 ? 'still missed' : 'PASSES NOW: remove its knownMisses entry';
    lines.push(`- ${outcome.case} / ${outcome.rewrite} [${outcome.mode}] ${outcome.variant}: ${state} (${miss.reason})`);
  }
  for (const [miss, entry] of generic) {
    lines.push(`- every case / ${entry.rewrite} [${miss.mode ?? 'every mode'}] ${miss.variant ?? ''}: missed in ${entry.missed}, passes in ${entry.passed} (${miss.reason})`);
  }
  lines.push('', 'metamorphic per rewrite (passed/variants; n/a = cases where it does not apply):');
  for (const [id, entry] of [...tally].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const part = (mode: Mode) => (entry[mode].passed + entry[mode].failed > 0 ? ` ${mode} ${entry[mode].passed}/${entry[mode].passed + entry[mode].failed}` : '');
    lines.push(`  ${id}:${part('preserving')}${part('other')}${part('control')}${entry.known > 0 ? `; known misses ${entry.known}` : ''}; n/a ${entry.notApplicable}`);
  }
  const notApplicable = all.reduce((total, entry) => total + entry.notApplicable, 0);
  const known = all.reduce((total, entry) => total + entry.known, 0);
  lines.push(
    `metamorphic: ${count('preserving') + count('other') + count('control') + known} variants (${count('preserving')} preserving, ${count('other')} adds-other-write, ${count('control')} controls, ` +
      `${known} known misses), passed ${passed}, failed ${failed}, not applicable ${notApplicable}; ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  process.stderr.write(`${lines.join('\n')}\n`);
  if (process.env.METAMORPHIC_REPORT) writeFileSync(process.env.METAMORPHIC_REPORT, JSON.stringify({ tally: Object.fromEntries(tally), outcomes, notApplicable: inapplicable }, null, 2));
}

describe('metamorphic variants of the corpus', () => {
  const pool = new ScanPool();
  after(async () => {
    await pool.close();
    report();
  });

  for (const testCase of cases) {
    test(testCase.name, { concurrency: true }, async (t) => {
      const original = await pool.scan(testCase.project, testCase.options);
      assert.ok(original.findings.length > 0, 'the original scan reports no finding: there is no verdict to keep');
      const runs: Array<Promise<unknown>> = [];
      for (const rewrite of rewrites) {
        let applicable = false;
        for (const { mode, write, kind } of modesOf(rewrite)) {
          let variants: Variant[] | 'not-applicable';
          try {
            variants = rewrite.generate(testCase.project, buildContext(testCase.project, original.findings, write, testCase.options.hosts));
          } catch (error) {
            applicable = true;
            const found = [`the generator threw: ${(error as Error).stack}`];
            record({ case: testCase.name, rewrite: rewrite.meta.id, mode, variant: '(generator)', problems: found });
            runs.push(t.test(`${rewrite.meta.id} [${mode}] generator`, () => assert.fail(found[0])));
            continue;
          }
          if (variants === 'not-applicable') continue;
          applicable = true;
          for (const variant of variants) {
            const known = knownMiss(rewrite, testCase.name, mode, variant);
            runs.push(
              t.test(`${rewrite.meta.id} [${mode}] ${variant.name}`, known ? { todo: known.reason } : {}, async () => {
                const broken = unparsable(testCase.project, variant);
                const found =
                  broken.length > 0
                    ? [`the rewrite made code that does not parse: ${broken.join('; ')}`]
                    : problems({
                        originalProject: testCase.project,
                        original,
                        variant,
                        outcome: await pool.scan(variant.files, testCase.options),
                        kind,
                        fixInsecure: testCase.options.fixInsecure,
                      });
                record({ case: testCase.name, rewrite: rewrite.meta.id, mode, variant: variant.name, problems: found, ...(known ? { known } : {}) });
                assert.ok(found.length === 0, `${testCase.name} / ${rewrite.meta.id} [${mode}] ${variant.name}\n${found.join('\n')}`);
              }),
            );
          }
        }
        if (!applicable) {
          countFor(rewrite.meta.id).notApplicable++;
          inapplicable.push({ case: testCase.name, rewrite: rewrite.meta.id });
        }
      }
      await Promise.all(runs);
    });
  }
});

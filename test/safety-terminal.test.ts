// Issue 11, item 11: control characters in file names (an escape sequence, a line break, a bidi
// override) never reach the terminal raw, in the text report, the Markdown report, doctor and the error
// lines on stderr, with NO_COLOR set (safety-cli's children always run with it). Runs the built CLI.
import assert from 'node:assert/strict';
import tls from 'node:tls';
import { describe, it } from 'node:test';
import { printable } from '../src/printable.ts';
import { makeProject, pinnedFile, removeProject, runCli } from './helpers/safety-cli.ts';

/** Retitles the window (OSC 0) and clears the screen. */
const HOSTILE = 'x\u001b]0;pwned\u0007\u001b[2J\u202e';
const SHOWN = 'x\\x1b]0;pwned\\x07\\x1b[2J\\u202e';

function assertClean(output: string, where: string): void {
  assert.doesNotMatch(output, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/, `${where} holds a raw control character`);
}

describe('control characters in names (issue 11, item 11)', { concurrency: 4 }, () => {
  it('printable shows them as escapes', () => {
    assert.equal(printable(`a${HOSTILE}\n\r\t\u2028b`), `a${SHOWN}\\n\\r\\t\\u2028b`);
    assert.equal(printable('plain/path-ü.js'), 'plain/path-ü.js');
  });

  it('the text and Markdown reports: a file with a pin and a file that does not parse', async () => {
    const root = makeProject({ [`pin${HOSTILE}.js`]: pinnedFile('pin'), [`broken${HOSTILE}.js`]: "const u = 'https://api.weixin.qq.com/x';\nconst a = { ca: u;\n" });
    for (const format of ['text', 'markdown']) {
      const result = await runCli(['scan', '--format', format, '.'], root);
      assert.equal(result.code, 1, result.stderr);
      assertClean(result.stdout, `--format ${format}`);
      assert.ok(result.stdout.includes(format === 'text' ? `pin${SHOWN}.js` : 'pin'), result.stdout);
    }
    const text = await runCli(['scan', '.'], root);
    assert.ok(text.stdout.includes(`broken${SHOWN}.js: `), text.stdout);
    removeProject(root);
  });

  it('doctor', async () => {
    const root = makeProject({ [`ca${HOSTILE}.pem`]: tls.rootCertificates[0]! });
    const result = await runCli(['doctor', '.'], root);
    assertClean(result.stdout, 'doctor');
    assert.ok(result.stdout.includes(`ca${SHOWN}.pem`), result.stdout);
    removeProject(root);
  });

  it('stderr: a path that does not exist', async () => {
    const root = makeProject({});
    const result = await runCli(['scan', `missing${HOSTILE}`], root);
    assert.equal(result.code, 2);
    assertClean(result.stderr, 'stderr');
    assert.ok(result.stderr.includes(`missing${SHOWN}`), result.stderr);
    removeProject(root);
  });
});

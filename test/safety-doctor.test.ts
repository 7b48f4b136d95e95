// Issue 11, item 8: `doctor` keeps to the tree as the scanner does. Links to folders are not entered
// (two links to `.` made it walk forever; one to another folder made it read certificates there), and a
// certificate file is read only when it is a regular file inside the paths searched. Runs the built CLI.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { symlinkSync } from 'node:fs';
import path from 'node:path';
import tls from 'node:tls';
import { describe, it } from 'node:test';
import { makeProject, removeProject, runCli } from './helpers/safety-cli.ts';

const ROOT_PEM = tls.rootCertificates[0]!;

interface DoctorJson {
  sections: { files: Array<{ code: string; file?: string; reason?: string; certificate?: { file: string } }> };
}

async function doctorFiles(root: string): Promise<DoctorJson['sections']['files']> {
  // Far above a normal run: reaching it means doctor walked forever or hung on a read.
  const result = await runCli(['doctor', '--format', 'json', '.'], root, { timeoutMs: 20_000 });
  assert.notEqual(result.code, null, `doctor did not finish (killed by ${result.signal})`);
  return (JSON.parse(result.stdout) as DoctorJson).sections.files;
}

const names = (files: DoctorJson['sections']['files']): string[] => files.map((check) => check.certificate?.file ?? check.file ?? check.code).sort();

describe('doctor keeps to the tree (issue 11, item 8)', { concurrency: 4 }, () => {
  it('two links to `.`: the walk ends, each file once', async () => {
    const root = makeProject({ 'certs/ca.pem': ROOT_PEM });
    symlinkSync('.', path.join(root, 'here'));
    symlinkSync('.', path.join(root, 'again'));
    assert.deepEqual(names(await doctorFiles(root)), ['certs/ca.pem']);
    removeProject(root);
  });

  it('a link to a folder outside: not entered', async () => {
    const outside = makeProject({ 'secret/ca.pem': ROOT_PEM });
    const root = makeProject({ 'certs/ca.pem': ROOT_PEM });
    symlinkSync(path.join(outside, 'secret'), path.join(root, 'vendor'));
    assert.deepEqual(names(await doctorFiles(root)), ['certs/ca.pem']);
    removeProject(root);
    removeProject(outside);
  });

  it('a link to a certificate outside, a FIFO, a device: never read; a file over 1 MiB: listed as not read', async (t) => {
    if (process.platform === 'win32') return t.skip('no FIFOs');
    const outside = makeProject({ 'ca.pem': ROOT_PEM });
    const root = makeProject({ 'certs/ca.pem': ROOT_PEM, 'certs/big.pem': `${ROOT_PEM}\n${'#'.repeat(1024 * 1024)}` });
    symlinkSync(path.join(outside, 'ca.pem'), path.join(root, 'certs/elsewhere.pem'));
    symlinkSync('/dev/zero', path.join(root, 'certs/zero.pem'));
    execFileSync('mkfifo', [path.join(root, 'certs/fifo.pem')]);
    const files = await doctorFiles(root);
    // Links and special files are not listed by the walk at all; the reader would refuse them too.
    assert.deepEqual(
      files.map((check) => [check.code, check.certificate?.file ?? check.file, check.reason]).sort(),
      [
        ['certificate-file', 'certs/ca.pem', undefined],
        ['certificate-file-skipped', 'certs/big.pem', 'too-large'],
      ],
    );
    removeProject(root);
    removeProject(outside);
  });
});

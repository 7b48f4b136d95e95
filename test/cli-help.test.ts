// --help shows examples, and every option scan and fix take is documented in docs/contract.md (the
// contract users rely on) and README.md: a convention enforced by a test, not a wiki.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { cli, NO_CLI, ROOT } from './helpers/cli-repo.ts';

/** `--name` of each option line of a yargs help text. */
function optionsOf(help: string): string[] {
  return [...help.matchAll(/^\s+(?:-\w, )?--([\w-]+)/gm)].map((match) => match[1]!).filter((name) => name !== 'help' && name !== 'version');
}

describe('--help', { skip: NO_CLI }, () => {
  test('shows examples that name the integrations', () => {
    const help = cli(ROOT, ['--help']);
    assert.equal(help.status, 0);
    const examples = help.stdout.slice(help.stdout.indexOf('Examples:'));
    for (const example of ['wechat-unpin scan src/a.js src/b.ts', 'wechat-unpin scan --staged', 'wechat-unpin fix --max-review 1000', 'wechat-unpin scan --print-config']) {
      assert.ok(examples.includes(example), example);
    }
  });

  const contract = readFileSync(path.join(ROOT, 'docs', 'contract.md'), 'utf8');
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  for (const command of ['scan', 'fix']) {
    test(`every option of ${command} is in docs/contract.md and README.md`, () => {
      const options = optionsOf(cli(ROOT, [command, '--help']).stdout);
      assert.ok(options.includes('exit-zero') && options.includes('format'), options.join(' '));
      // Boolean options defaulting to on are documented by their --no- form.
      const documented = (text: string, name: string): boolean => text.includes(`--${name}`) || text.includes(`--no-${name}`);
      assert.deepEqual(options.filter((name) => !documented(contract, name)), [], 'missing from docs/contract.md');
      assert.deepEqual(options.filter((name) => !documented(readme, name)), [], 'missing from README.md');
    });
  }
});

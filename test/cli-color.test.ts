// Colour: --color/--no-color, then NO_COLOR, then FORCE_COLOR, then whether stdout is a terminal.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { colorWanted } from '../src/color.ts';
import { cli, NO_CLI, SPLIT_PIN, tempProject } from './helpers/cli-repo.ts';

test('colorWanted: flag, NO_COLOR, FORCE_COLOR, terminal, in that order', () => {
  const cases: Array<[boolean | undefined, NodeJS.ProcessEnv, boolean, boolean]> = [
    [true, { NO_COLOR: '1' }, false, true],
    [false, { FORCE_COLOR: '1' }, true, false],
    [undefined, { NO_COLOR: '1', FORCE_COLOR: '1' }, true, false],
    [undefined, { NO_COLOR: '' }, true, true], // empty NO_COLOR is unset (no-color.org)
    [undefined, { FORCE_COLOR: '1' }, false, true],
    [undefined, { FORCE_COLOR: '' }, false, true],
    [undefined, { FORCE_COLOR: '3' }, false, true],
    [undefined, { FORCE_COLOR: '0' }, true, false], // picocolors would say on
    [undefined, { FORCE_COLOR: 'false' }, true, false],
    [undefined, {}, true, true],
    [undefined, { TERM: 'dumb' }, true, false],
    [undefined, {}, false, false],
  ];
  for (const [flag, env, tty, expected] of cases) {
    assert.equal(colorWanted(flag, env, tty), expected, JSON.stringify({ flag, env, tty }));
  }
});

test('FORCE_COLOR colours the report on a pipe; FORCE_COLOR=0 and NO_COLOR do not', { skip: NO_CLI }, () => {
  const dir = tempProject(SPLIT_PIN);
  const ESC = '\u001b[';
  const env = { NO_COLOR: undefined, FORCE_COLOR: undefined, CI: undefined };
  assert.ok(cli(dir, ['scan'], { ...env, FORCE_COLOR: '1' }).stdout.includes(ESC));
  assert.ok(!cli(dir, ['scan'], { ...env, FORCE_COLOR: '0' }).stdout.includes(ESC));
  assert.ok(!cli(dir, ['scan'], { ...env, NO_COLOR: '1', FORCE_COLOR: '1' }).stdout.includes(ESC));
  assert.ok(!cli(dir, ['scan'], env).stdout.includes(ESC));
});

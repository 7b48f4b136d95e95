// Issue 11, item 4: every pattern that reads user text runs in linear time. These tests assert the
// results on adversarial input of a size the old patterns never finished (or took minutes) on; the CPU
// time itself is checked by the bench (bench/adversarial.ts), never here. The timeout only turns a
// regression into a failure instead of a hang.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pemBlocks, parseCertificates } from '../src/certificate.ts';
import { hasFlowPragma, isFlowFile } from '../src/flow-pragma.ts';
import { suppressionComment } from '../src/report/sarif.ts';
import { suppressionOf } from '../src/suppress.ts';
import { ADVERSARIAL } from '../bench/adversarial.ts';

const GUARD = { timeout: 60_000 };

describe('patterns over user text are linear (issue 11, item 4)', () => {
  it('the Flow pragma: what counts', () => {
    const flow = [
      '// @flow',
      '/* @flow */',
      '/** @flow */',
      '/* @flow strict */',
      '/* a */ /* b */\n// c\n// @flow',
      '\n\n  /* @flow */',
      '// x\u2028// @flow', // U+2028 ends a line comment
      '/*\n@flow */',
      '/* @flow', // unterminated, but it opens with the pragma
    ];
    const notFlow = [
      '',
      'const a = 1; // @flow',
      '// @flowtype',
      '// x @flow',
      '/* x */ code; /* @flow */',
      '//\n@flow',
      "'use strict';\n// @flow",
      '/**\n * @flow\n */', // as before: the pragma must open its comment
    ];
    for (const text of flow) assert.equal(hasFlowPragma(text), true, JSON.stringify(text));
    for (const text of notFlow) assert.equal(hasFlowPragma(text), false, JSON.stringify(text));
    assert.equal(isFlowFile('a.ts', '// @flow'), false);
    assert.equal(isFlowFile('a.mjs', '// @flow'), true);
  });

  it('the Flow pragma after 60 (and 100,000) comments: found, or not, at once', GUARD, () => {
    // The old pattern doubled its time with each comment: 26 took seconds, 32 never finished.
    assert.equal(hasFlowPragma(`${'/* */'.repeat(60)}\nconst a = 1;\n`), false);
    assert.equal(hasFlowPragma(`${'/* */'.repeat(60)}\n// @flow\n`), true);
    assert.equal(hasFlowPragma(`${'/* */\n'.repeat(100_000)}/* @flow */`), true);
    assert.equal(hasFlowPragma(`${'// x\n'.repeat(100_000)}x`), false);
  });

  it('PEM blocks: a megabyte of BEGIN lines without an END holds none', GUARD, () => {
    const begins = '-----BEGIN CERTIFICATE-----\n'.repeat(37_000);
    assert.deepEqual(pemBlocks(begins), []);
    assert.deepEqual(parseCertificates(Buffer.from(begins)), []);
    const block = '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----';
    assert.deepEqual(pemBlocks(`x\n${block}\ny\n${block}\n-----BEGIN CERTIFICATE-----`), [block, block]);
  });

  it('SARIF suppression reasons: a long line of spaces after the marker', GUARD, () => {
    assert.equal(suppressionComment(`// wechat-unpin-ignore-next-line${' '.repeat(2_000_000)}x`, 'wechat-unpin-ignore-next-line'), '');
    assert.equal(suppressionComment('// wechat-unpin-ignore-next-line -- our gateway', 'wechat-unpin-ignore-next-line'), 'our gateway');
    assert.equal(suppressionComment('/* wechat-unpin-ignore-file -- vendored */', 'wechat-unpin-ignore-file'), 'vendored');
    assert.equal(suppressionComment('/* wechat-unpin-ignore-file */', 'wechat-unpin-ignore-file'), '');
    assert.equal(suppressionComment('// wechat-unpin-ignore-files', 'wechat-unpin-ignore-file'), undefined);
  });

  it('the suppression header: 100,000 comments and an unterminated one', GUARD, () => {
    assert.equal(suppressionOf(`${'/* */ \n// x\n'.repeat(100_000)}/* wechat-unpin-ignore-file */\nx`, 5), 'suppressed-file');
    assert.equal(suppressionOf(`${'/*'.repeat(100_000)}`, 5), undefined);
  });

  it('every adversarial case of the bench runs here once at its small size', GUARD, () => {
    for (const item of ADVERSARIAL) item.run(item.input(item.sizes[0]));
  });
});

// Transform fixtures: every folder under fixtures/transforms/ holds input.<ext> and output.<ext>.
// Each is run through the whole pipeline (scanner-driven, as `wechat-unpin fix` does) and through the
// transform alone (as the stock jscodeshift runner does), and must come out exactly as output.<ext>.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import jscodeshift from 'jscodeshift';
import transform from '../transforms/remove-pinned-ca.ts';
import { parserFor } from '../src/fix.ts';
import { fixInTempProject } from './helpers/project.ts';

const FIXTURES = path.join(import.meta.dirname, '..', 'fixtures', 'transforms');

interface TransformCase {
  name: string;
  inputName: string;
  input: string;
  output: string;
}

function discoverCases(): TransformCase[] {
  return readdirSync(FIXTURES, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => {
      const folder = path.join(FIXTURES, entry.name);
      const files = readdirSync(folder);
      const inputName = files.find((file) => file.startsWith('input.'));
      const outputName = files.find((file) => file.startsWith('output.'));
      assert.ok(inputName && outputName, `${entry.name}: needs input.<ext> and output.<ext>`);
      return {
        name: entry.name,
        inputName,
        input: readFileSync(path.join(folder, inputName), 'utf8'),
        output: readFileSync(path.join(folder, outputName), 'utf8'),
      };
    });
}

function runStandalone(fileName: string, source: string): string | undefined {
  const j = jscodeshift.withParser(parserFor(fileName));
  return transform({ path: fileName, source }, { jscodeshift: j, j, stats: () => undefined, report: () => undefined }, {});
}

describe('transform fixtures', () => {
  for (const fixture of discoverCases()) {
    describe(fixture.name, () => {
      test('the fixture changes something', () => {
        assert.notEqual(fixture.output, fixture.input, 'an output equal to its input tests nothing');
      });

      test('wechat-unpin fix produces the exact output, and a second fix changes nothing', async () => {
        const first = await fixInTempProject({ [fixture.inputName]: fixture.input });
        assert.equal(first.files[fixture.inputName], fixture.output);
        const second = await fixInTempProject({ [fixture.inputName]: fixture.output });
        assert.equal(second.files[fixture.inputName], fixture.output);
        assert.equal(second.result.changes.length, 0);
      });

      test('the transform alone either produces the exact output or declines', () => {
        const output = runStandalone(fixture.inputName, fixture.input);
        if (output !== undefined) assert.equal(output, fixture.output);
        assert.equal(runStandalone(fixture.inputName, fixture.output), undefined, 'a second run must change nothing');
      });
    });
  }
});

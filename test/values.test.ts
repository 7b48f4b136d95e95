// Per-construct fixtures of the value analysis (fixtures/values/<group>/): each folder is solved as a
// project, and every `probe(expression)` must hold exactly the values its `// =>` comment lists. One
// test per probe, the way typescript-eslint's scope-manager tests each construct on its own.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ts } from 'ts-morph';
import { loadProgram } from '../src/scan/program.ts';
import { Analysis } from '../src/scan/values/analysis.ts';
import type { Value } from '../src/scan/values/lattice.ts';

const FIXTURES = fileURLToPath(new URL('../fixtures/values/', import.meta.url));

function filesUnder(folder: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.([cm]?[jt]sx?|json)$/.test(name)) files.set(full, readFileSync(full, 'utf8'));
    }
  };
  walk(folder);
  return files;
}

/** How a value prints in the fixtures' `// =>` comments (see fixtures/values/README.md). */
function render(value: Value): string {
  switch (value.kind) {
    case 'string':
      // The fixtures' own folder prints as <values>, wherever the checkout is.
      return JSON.stringify(value.parts.map((part) => ('text' in part ? part.text : '…')).join('').split(FIXTURES).join('<values>/')).replace(/…+/g, '…');
    case 'primitive':
      return typeof value.value === 'number' && Number.isNaN(value.value) ? 'number' : String(value.value);
    case 'unknown':
      return `unknown(${value.reason})`;
    case 'object':
      return value.object.kind === 'literal' ? 'object' : value.object.kind === 'client' ? `client(${value.object.client?.module})` : value.object.kind;
    case 'function':
      return `function(${value.node.name && ts.isIdentifier(value.node.name) ? value.node.name.text : ''})`;
    case 'class':
      return `class(${value.node.name?.text ?? ''})`;
    case 'api':
      return `api(${value.module}:${value.path.join('.')})`;
    case 'file':
    case 'default-roots':
      return value.kind;
    case 'setting':
      return 'setting';
  }
}

interface Probe {
  file: string;
  line: number;
  expression: ts.Expression;
  expected: string[];
}

function probesIn(files: readonly ts.SourceFile[]): Probe[] {
  const probes: Probe[] = [];
  for (const file of files) {
    const lines = file.text.split('\n');
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'probe' && node.arguments[0]) {
        const line = file.getLineAndCharacterOfPosition(node.getStart()).line;
        const comment = /\/\/ =>(.*)$/.exec(lines[line] ?? '');
        assert.ok(comment, `${file.fileName}:${line + 1}: a probe needs a \`// =>\` comment on its line`);
        const expected = comment[1]!.trim() === '' ? [] : comment[1]!.split(' | ').map((item) => item.trim());
        probes.push({ file: file.fileName, line: line + 1, expression: node.arguments[0], expected });
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return probes;
}

for (const group of readdirSync(FIXTURES).filter((name) => statSync(path.join(FIXTURES, name)).isDirectory()).sort()) {
  describe(`values: ${group}`, () => {
    const { checker, sourceFiles } = loadProgram(filesUnder(path.join(FIXTURES, group)));
    const analysis = new Analysis(checker, sourceFiles, { idOf: () => undefined });
    analysis.solve();
    const probes = probesIn(sourceFiles);
    test('has probes', () => assert.ok(probes.length > 0));
    for (const probe of probes) {
      test(`${path.basename(probe.file)}:${probe.line} ${probe.expression.getText()}`, () => {
        const actual = [...new Set([...analysis.evaluate(probe.expression)].map(render))].sort();
        assert.deepEqual(actual, [...probe.expected].sort());
      });
    }
  });
}

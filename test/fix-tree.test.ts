// fix-tree.ts builds the tree jscodeshift's `j(source)` gives, without recast's copy of it: the same
// nodes, fields and positions, on the texts where recast's normalised copy is the text itself.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, test } from 'node:test';
import jscodeshift from 'jscodeshift';
import { babelOptions } from '../src/fix.ts';
import { recastTree } from '../src/fix-tree.ts';

const require = createRequire(import.meta.url);
const babel = createRequire(require.resolve('jscodeshift/parser/babylon.js'))('@babel/parser') as { parse(source: string, options: object): unknown };

type Name = 'babel' | 'ts' | 'tsx';

function viaRecast(name: Name, source: string): unknown {
  return jscodeshift.withParser(name)(source, { tabWidth: 1 }).get().node;
}

function viaTree(name: Name, source: string): unknown {
  const options = { ...babelOptions(name), tokens: false };
  return recastTree(source, (text) => babel.parse(text, options));
}

/** Where two trees first differ in a key, a value or a node position (recast's printing aids aside), or undefined. */
function difference(a: unknown, b: unknown, at = 'File', seen = new Map<object, unknown>()): string | undefined {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return Object.is(a, b) ? undefined : `${at}: ${String(a)} / ${String(b)}`;
  if (seen.has(a)) return seen.get(a) === b ? undefined : `${at}: shared differently`;
  seen.set(a, b);
  if (a instanceof RegExp) return String(a) === String(b) ? undefined : `${at}: ${String(a)} / ${String(b)}`;
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  // File.tokens: recast's, for its printer.
  const keys = (node: Record<string, unknown>): string[] => Object.keys(node).filter((key) => !(key === 'tokens' && node['type'] === 'File'));
  if (keys(left).join() !== keys(right).join()) return `${at}: keys ${keys(left).join()} / ${keys(right).join()}`;
  for (const key of keys(left)) {
    const problem = key === 'loc' ? locDifference(left[key], right[key], at) : difference(left[key], right[key], `${at}.${key}`, seen);
    if (problem) return problem;
  }
  return undefined;
}

type Loc = { start: { line: number; column: number }; end: { line: number; column: number } } | null;

function locDifference(a: unknown, b: unknown, at: string): string | undefined {
  const text = (loc: Loc): string => (loc ? `${loc.start.line}:${loc.start.column}-${loc.end.line}:${loc.end.column}` : 'null');
  return text(a as Loc) === text(b as Loc) ? undefined : `${at}.loc: ${text(a as Loc)} / ${text(b as Loc)}`;
}

// Each one where recast moves positions (util.fixFaultyLocations) or attaches comments.
const sources: Array<[Name[], string]> = [
  [['babel', 'ts', 'tsx'], "// head\nconst fs = require('fs'); /* tail */\n\n"],
  [['babel', 'ts', 'tsx'], "const o = { ca, get a() { return 1; }, m() {}, async *g() {} };\nclass A { constructor() {} static s() {} #p = 1; }\n"],
  [['babel', 'ts', 'tsx'], 'for (let i = 0, j = 1; i < j; i++) {}\nfor (;;) break;\nconst t = `a${b}c${`d${e}`}`;\n'],
  [['babel'], '@dec class A {}\nexport default @dec class B {}\nexport class C { @dec m() {} }\n'],
  [['ts', 'tsx'], '@Module({}) export class AppModule { @Inject() private readonly s: S; m<T>(x: T): T { return x; } }\n'],
  [['ts', 'tsx'], 'export const x = 1;\nexport default function f() {}\nexport function g(this: A, ...r: number[]) {}\ninterface I { a: string }\n'],
  [['babel', 'tsx'], 'const el = <div a="1" {...p}>{x /* c */}</div>;\n'],
  [['babel', 'ts', 'tsx'], ''],
  [['babel', 'ts', 'tsx'], '\n\n  // only a comment\n'],
];

describe('recastTree', () => {
  for (const [names, source] of sources) {
    for (const name of names) {
      test(`${name}: ${JSON.stringify(source.slice(0, 40))}`, () => {
        const tree = viaTree(name, source);
        assert.ok(tree, 'declined');
        assert.equal(difference(viaRecast(name, source), tree), undefined);
      });
    }
  }

  test('declines a text recast would hand its parser changed (line breaks, tab indentation)', () => {
    for (const source of ['const a = 1;\r\nconst b = 2;\r\n', 'if (a) {\n\tb();\n}\n', "const s = 'a\u2028b';\n"]) {
      assert.equal(viaTree('babel', source), undefined, JSON.stringify(source));
    }
  });

  test('a text that does not parse throws what the parse through recast throws', () => {
    const source = 'const a = ;\n';
    assert.throws(() => viaTree('babel', source), (error: Error) => {
      assert.throws(() => viaRecast('babel', source), { message: error.message });
      return true;
    });
  });
});

// The table of write kinds (src/scan/values/writes.ts) says which kinds of node each can match; the
// effects are collected by that alone. A kind whose `matches` accepted a node outside its `syntax`
// would lose writes silently: every node of the corpus and the value fixtures is checked.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ts } from '../src/scan/typescript.ts';
import { WRITE_KINDS } from '../src/scan/values/writes.ts';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

function sourcesUnder(folder: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(folder)) {
    const file = path.join(folder, name);
    if (statSync(file).isDirectory()) found.push(...sourcesUnder(file));
    else if (/\.((m|c)?(j|t)sx?|json)$/.test(name) && !name.endsWith('.d.ts')) found.push(file);
  }
  return found;
}

test("every write kind matches only the kinds of node its table entry names", () => {
  const files = [...sourcesUnder(path.join(FIXTURES, 'corpus')), ...sourcesUnder(path.join(FIXTURES, 'values'))];
  assert.ok(files.length > 1000, `${files.length} files`);
  const matched = new Set<string>();
  // Writes the fixtures hold no example of.
  const rare = new Map([['/rare/loop.ts', 'let url; for (url of urls) fetch(url);\nexport = { url };\n']]);
  const texts = new Map([...files.map((file): [string, string] => [file, readFileSync(file, 'utf8')]), ...rare]);
  for (const [file, text] of texts) {
    const kind = file.endsWith('.json') ? ts.ScriptKind.JSON : file.endsWith('.ts') ? ts.ScriptKind.TS : ts.ScriptKind.JSX;
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind);
    const visit = (node: ts.Node): void => {
      for (const kind of WRITE_KINDS) {
        if (!kind.matches(node)) continue;
        matched.add(kind.id);
        assert.ok(kind.syntax.includes(node.kind), `${kind.id} matched a ${ts.SyntaxKind[node.kind]} (${file})`);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  // Every kind met at least one node it matches, so the check saw each of them at work.
  assert.deepEqual(WRITE_KINDS.map((kind) => kind.id).filter((id) => !matched.has(id)), []);
});

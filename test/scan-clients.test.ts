// Conventions of the client tables, checked rather than written down: every family module under
// src/scan/clients/ carries its meta, answers for modules no other family claims, and has corpus
// cases of its own (a case whose folder name names the family or one of its modules).
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CLIENT_FAMILIES } from '../src/scan/clients.ts';

const CORPUS = fileURLToPath(new URL('../fixtures/corpus/', import.meta.url));
const SOURCES = fileURLToPath(new URL('../src/scan/clients/', import.meta.url));

test('every client family has meta and a module file', () => {
  const files = new Set(readdirSync(SOURCES).map((name) => name.replace(/\.ts$/, '')));
  for (const family of CLIENT_FAMILIES) {
    assert.match(family.meta.id, /^[a-z0-9-]+$/);
    assert.ok(family.meta.description.length > 0, `${family.meta.id} has no description`);
    assert.ok(files.has(family.meta.id), `no src/scan/clients/${family.meta.id}.ts`);
  }
});

test('no module is claimed by two families', () => {
  const owners = new Map<string, string>();
  for (const family of CLIENT_FAMILIES) {
    for (const name of [...Object.keys(family.modules), ...Object.keys(family.globals ?? {}).map((global) => `<global>:${global}`)]) {
      assert.equal(owners.get(name), undefined, `${name} is in ${owners.get(name)} and ${family.meta.id}`);
      owners.set(name, family.meta.id);
    }
  }
});

test('every client family has corpus cases of its own', () => {
  const cases = readdirSync(CORPUS);
  for (const family of CLIENT_FAMILIES) {
    const names = [family.meta.id, ...Object.keys(family.modules)];
    const own = cases.filter((name) => names.some((part) => name.includes(part)));
    assert.ok(own.length > 0, `no corpus case names ${family.meta.id} (${names.join(', ')})`);
  }
});

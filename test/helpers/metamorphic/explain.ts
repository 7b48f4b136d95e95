// Reproduce one failure of the harness: print the variants a rewrite makes of a corpus case (the
// files it changes or adds) and what the scan reports on the original and on each variant.
// node --import tsx test/helpers/metamorphic/explain.ts <case> <rewrite-id> [variant name part] [other|control]
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { buildContext, type WriteMode } from './context.ts';
import { loadRewrites } from './registry.ts';
import { scanProject, type ScanOutcome } from './scan.ts';
import type { Project } from './types.ts';

const [caseName, id, filter = '', mode = 'other'] = process.argv.slice(2);
if (!caseName || !id) throw new Error('usage: explain.ts <case> <rewrite-id> [variant name part] [other|control]');
const caseDir = path.join(import.meta.dirname, '..', '..', '..', 'fixtures', 'corpus', caseName);
const root = path.join(caseDir, 'input');
const project: Project = new Map();
const walk = (dir: string): void => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full);
    else project.set(path.relative(root, full).split(path.sep).join('/'), readFileSync(full, 'utf8'));
  }
};
walk(root);
const spec = JSON.parse(readFileSync(path.join(caseDir, 'case.json'), 'utf8')) as { fixArgs?: { hosts?: string[]; fixInsecure?: boolean } };
const options = { hosts: spec.fixArgs?.hosts ?? [], fixInsecure: spec.fixArgs?.fixInsecure ?? false };
const show = (outcome: ScanOutcome): string =>
  outcome.findings.map((item) => `  ${item.file}:${item.line} ${item.kind} ${item.status} (${item.reason}) ${item.evidence.map((e) => `${e.note} @${e.file}:${e.line}`).join('; ')}`).join('\n') || '  (no finding)';

const original = await scanProject([...project], options);
console.log(`original:\n${show(original)}`);
const rewrite = (await loadRewrites()).find((item) => item.meta.id === id);
if (!rewrite) throw new Error(`no rewrite ${id}`);
const variants = rewrite.generate(project, buildContext(project, original.findings, mode as WriteMode, options.hosts));
if (variants === 'not-applicable') console.log('not applicable');
else {
  for (const variant of variants.filter((item) => item.name.includes(filter))) {
    console.log(`\n===== ${variant.name}`);
    for (const [file, text] of variant.files) if (project.get(file) !== text) console.log(`--- ${file}\n${text}`);
    for (const file of project.keys()) if (!variant.files.has(file)) console.log(`--- (deleted) ${file}`);
    console.log(`scan:\n${show(await scanProject([...variant.files], options))}`);
  }
}

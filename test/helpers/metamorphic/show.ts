// Development aid: print what a rewrite makes of its examples' inputs, as the `expected` entries of
// its examples (review the text before pasting it: an example is only as good as that review).
// node --import tsx test/helpers/metamorphic/show.ts <rewrite-id>
import { buildContext } from './context.ts';
import { loadRewrites } from './registry.ts';

const [id] = process.argv.slice(2);
const rewrite = (await loadRewrites()).find((item) => item.meta.id === id);
if (!rewrite) throw new Error(`no rewrite ${id}`);

function literal(line: string): string {
  const escaped = JSON.stringify(line).slice(1, -1).replace(/\\"/g, '"').replace(/\uFEFF/g, '\\uFEFF');
  return escaped.includes("'") ? JSON.stringify(line).replace(/\uFEFF/g, '\\uFEFF') : `'${escaped}'`;
}

function block(text: string, indent: string): string {
  return `[\n${text.split('\n').map((line) => `${indent}  ${literal(line)},`).join('\n')}\n${indent}].join('\\n')`;
}

for (const example of rewrite.examples) {
  const project = new Map(Object.entries(example.files));
  const result = rewrite.generate(project, buildContext(project, example.findings, 'other'));
  console.log(`// ##### ${example.name}`);
  if (result === 'not-applicable') {
    console.log("    expected: 'not-applicable',");
    continue;
  }
  const out = ['    expected: ['];
  for (const variant of result) {
    const deleted = [...project.keys()].filter((file) => !variant.files.has(file));
    out.push('      {', `        name: ${literal(variant.name)},`, '        files: {');
    for (const [file, text] of variant.files) if (project.get(file) !== text) out.push(`          '${file}': ${block(text, '          ')},`);
    out.push('        },');
    if (deleted.length) out.push(`        deleted: [${deleted.map(literal).join(', ')}],`);
    out.push('      },');
  }
  out.push('    ],');
  console.log(out.join('\n'));
}

// Docker Compose files: each service's `environment` (a list of NAME=value, or a map) and its
// `command` / `entrypoint` (Compose splits a string into an argv; no shell reads it).
// Compose interpolates ${VAR:-default} in values and reads `$$` as `$`. In the list form the text after
// `=` is the value as it stands: quotes there are part of it (docker/compose#2854), so
// `- NAME="0"` sets '"0"', which keeps checks on.
import { isScalar, isSeq } from 'yaml';
import { expand, NOTHING_KNOWN } from '../expand.ts';
import { argvSettings, tokenize, type Word } from '../shell.ts';
import type { DeploymentKind, Found } from '../types.ts';
import { entries, get, keyOf, parseYaml, rangeOf, resolve, scalarMapped, scalarText, type YamlDocument } from './yaml.ts';

export const compose: DeploymentKind = {
  meta: { id: 'compose', description: 'Docker Compose files: services\' environment (list and map forms) and command/entrypoint' },
  find(text) {
    const found: Found[] = [];
    for (const document of parseYaml(text)) {
      for (const service of entries(document, get(document, document.contents, 'services'))) {
        found.push(...environment(document, get(document, service.value, 'environment')));
        for (const key of ['command', 'entrypoint']) found.push(...command(text, document, get(document, service.value, key)));
      }
    }
    return found;
  },
};

function environment(document: YamlDocument, node: unknown): Found[] {
  const found: Found[] = [];
  if (isSeq(node)) {
    for (const item of node.items) {
      const scalar = resolve(document, item);
      const line = scalarText(document, scalar);
      const equals = line?.indexOf('=') ?? -1;
      // `- NAME` with no `=` passes the variable on from the shell that runs compose: unknown here.
      if (!scalar || line === undefined || equals < 0) continue;
      found.push({ type: 'env', variable: line.slice(0, equals), value: interpolate(line.slice(equals + 1)), ...rangeOf(scalar) });
    }
    return found;
  }
  for (const entry of entries(document, node)) {
    const value = scalarText(document, entry.value);
    found.push({ type: 'env', variable: keyOf(entry), value: value === undefined ? undefined : interpolate(value), ...rangeOf(entry) });
  }
  return found;
}

function command(text: string, document: YamlDocument, node: unknown): Found[] {
  if (isScalar(node) && typeof node.value === 'string') {
    const mapped = scalarMapped(text, node);
    const words = tokenize(mapped.text, NOTHING_KNOWN, false) as Word[];
    return argvSettings(words).map((item) => ({ ...item, ...mapped.range(item.start, item.end) }));
  }
  if (!isSeq(node)) return [];
  const words: Word[] = [];
  for (const item of node.items) {
    const scalar = resolve(document, item);
    if (!isScalar(scalar)) return [];
    const mapped = scalarMapped(text, scalar);
    words.push({ value: mapped.text, mapped, ...rangeOf(scalar), assignment: false });
  }
  return argvSettings(words);
}

function interpolate(value: string): string | undefined {
  return expand(value, NOTHING_KNOWN, { dollarDollar: true });
}

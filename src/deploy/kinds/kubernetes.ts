// Kubernetes manifests (and chart values written the same way), every document of a file:
//   env: [{ name: NAME, value: "0" }]     a container's env list, wherever it sits (Deployment, CronJob,
//                                          a chart's values.yaml `extraEnv`); the finding is on `name:`
//   env: { NAME: "0" }                    the map form charts use under env / extraEnv / environment
//   kind: ConfigMap, data: { NAME: "0" }  read into containers with envFrom
//   kind: Secret, stringData / data (base64)
// In an env list, `$(OTHER)` is expanded from the entries above it, as Kubernetes does (an unknown
// reference stays as written, `$$` is a `$`).
import { type Node, isMap, isScalar, isSeq } from 'yaml';
import type { DeploymentKind, Found } from '../types.ts';
import { type Entry, entries, get, keyOf, parseYaml, rangeOf, resolve, scalarText, type YamlDocument } from './yaml.ts';

/** Keys under which charts give a container's environment as a map. */
const ENV_MAP_KEYS = new Set(['env', 'extraEnv', 'environment', 'envVars']);

export const kubernetes: DeploymentKind = {
  meta: {
    id: 'kubernetes',
    description: 'Kubernetes manifests and chart values: env lists ({ name, value }), env maps, ConfigMap and Secret data',
  },
  find(text) {
    const found: Found[] = [];
    for (const document of parseYaml(text)) {
      const kind = scalarText(document, get(document, document.contents, 'kind'));
      if (kind === 'ConfigMap') found.push(...mapSettings(document, get(document, document.contents, 'data')));
      if (kind === 'Secret') {
        found.push(...mapSettings(document, get(document, document.contents, 'stringData')));
        found.push(...mapSettings(document, get(document, document.contents, 'data'), (value) => Buffer.from(value, 'base64').toString('utf8')));
      }
      walk(document, document.contents, new Set(), found);
    }
    return found;
  },
};

/** Every node once (aliases can share one), collecting env lists and env maps. */
function walk(document: YamlDocument, node: unknown, seen: Set<Node>, found: Found[]): void {
  const current = resolve(document, node);
  if (!current || seen.has(current)) return;
  seen.add(current);
  if (isSeq(current)) {
    const earlier = new Map<string, string>();
    for (const item of current.items) {
      const variable = envVar(document, item, earlier);
      if (variable) {
        found.push(variable);
        if (variable.value !== undefined) earlier.set(variable.variable, variable.value);
      }
      walk(document, item, seen, found);
    }
  } else if (isMap(current)) {
    for (const entry of entries(document, current)) {
      if (ENV_MAP_KEYS.has(keyOf(entry)) && isMap(resolve(document, entry.value))) found.push(...mapSettings(document, entry.value));
      walk(document, entry.value, seen, found);
    }
  }
}

/** `{ name: NAME, value: "…" }`: the span starts at `name` (its line is the finding's) and ends after the value. */
function envVar(document: YamlDocument, item: unknown, earlier: ReadonlyMap<string, string>): (Found & { type: 'env' }) | undefined {
  const fields = entries(document, item);
  const name = fields.find((entry) => keyOf(entry) === 'name');
  const value = fields.find((entry) => keyOf(entry) === 'value');
  const variable = name && scalarText(document, name.value);
  if (!name || !value || variable === undefined) return undefined;
  const { start } = rangeOf(name);
  const end = Math.max(rangeOf(name).end, rangeOf(value).end);
  const text = scalarText(document, value.value);
  const expanded = text?.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (reference, name?: string) => (name === undefined ? '$' : (earlier.get(name) ?? reference)));
  return { type: 'env', variable, value: expanded, start, end };
}

function mapSettings(document: YamlDocument, node: unknown, decode: (value: string) => string = (value) => value): Found[] {
  return entries(document, node)
    .filter((entry: Entry) => isScalar(resolve(document, entry.value)))
    .map((entry) => {
      const value = scalarText(document, entry.value);
      return { type: 'env', variable: keyOf(entry), value: value === undefined ? undefined : decode(value), ...rangeOf(entry) };
    });
}

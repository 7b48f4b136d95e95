// YAML with positions, for Compose files and Kubernetes manifests: every document of a multi-document
// stream, aliases followed to their anchors, `<<` merge keys applied (explicit keys win), scalars read
// as the consumer gets them (a plain `0` is the text '0', a quoted "0" its content).
import { type Document, isAlias, isMap, isScalar, isSeq, type Node, type Pair, parseAllDocuments, type Scalar } from 'yaml';
import { Mapped } from '../positions.ts';
import { ParseError } from '../types.ts';

/** How many aliases are followed in a row: enough for any real file, and an end to a malicious chain. */
const MAX_ALIASES = 32;

export type YamlDocument = Document.Parsed;

export function parseYaml(text: string): YamlDocument[] {
  const parsed = parseAllDocuments(text);
  const documents = Array.isArray(parsed) ? parsed : [];
  for (const document of documents) {
    const first = document.errors[0];
    if (first) throw new ParseError(`not valid YAML: ${first.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`, first.pos[0]);
  }
  return documents;
}

/** A node with aliases followed to the node they name. */
export function resolve(document: YamlDocument, node: unknown): Node | undefined {
  let current = node;
  for (let i = 0; isAlias(current) && i < MAX_ALIASES; i++) current = current.resolve(document);
  return isAlias(current) ? undefined : (current as Node | undefined);
}

export type Entry = Pair<Scalar, unknown> & { key: Scalar };

/** A mapping's entries with scalar keys, `<<: *anchor` merges applied; [] for anything else. */
export function entries(document: YamlDocument, node: unknown, depth = 0): Entry[] {
  const map = resolve(document, node);
  if (!isMap(map) || depth > MAX_ALIASES) return [];
  const explicit: Entry[] = [];
  const merged: Entry[] = [];
  for (const pair of map.items) {
    if (!isScalar(pair.key)) continue;
    if (pair.key.value === '<<') {
      const sources = resolve(document, pair.value);
      for (const source of isSeq(sources) ? sources.items : [sources]) merged.push(...entries(document, source, depth + 1));
    } else explicit.push(pair as Entry);
  }
  // Explicit keys override merged ones; among merged mappings the first one wins (YAML's merge key).
  const names = new Set(explicit.map(keyOf));
  const result = explicit;
  for (const entry of merged) {
    if (names.has(keyOf(entry))) continue;
    names.add(keyOf(entry));
    result.push(entry);
  }
  return result;
}

export function keyOf(entry: Entry): string {
  return String(entry.key.value);
}

export function get(document: YamlDocument, node: unknown, key: string): Node | undefined {
  const entry = entries(document, node).find((candidate) => keyOf(candidate) === key);
  return entry ? resolve(document, entry.value) : undefined;
}

/** A scalar as text: a plain scalar as written (`0`, `00`, `false`), a quoted one as its content; else undefined. */
export function scalarText(document: YamlDocument, node: unknown): string | undefined {
  const scalar = resolve(document, node);
  if (!isScalar(scalar) || scalar.value === null) return undefined;
  if (scalar.type === 'PLAIN' && typeof scalar.source === 'string') return scalar.source;
  return typeof scalar.value === 'object' ? undefined : String(scalar.value);
}

/** Source offsets of a node: start and end of its value. */
export function rangeOf(node: Node | Pair): { start: number; end: number } {
  if (isScalar(node) || isMap(node) || isSeq(node)) return { start: node.range![0], end: node.range![1] };
  const pair = node as Pair<Node, Node>;
  const start = pair.key?.range?.[0] ?? 0;
  return { start, end: pair.value?.range?.[1] ?? pair.key?.range?.[1] ?? start };
}

/**
 * A string scalar's value mapped to the source, to place what is found inside it (a command). A plain
 * or one-line quoted scalar without escapes maps character by character; any other maps to its start.
 */
export function scalarMapped(source: string, scalar: Scalar): Mapped {
  const value = String(scalar.value);
  const [start, end] = scalar.range!;
  for (const shift of [0, 1]) {
    if (source.slice(start + shift, start + shift + value.length) === value) return Mapped.slice(source, start + shift, start + shift + value.length);
  }
  return new Mapped(value, Array.from({ length: value.length }, () => start), end);
}

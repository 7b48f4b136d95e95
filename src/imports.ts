// The import graph, from text alone: which project files a file loads, by relative specifier or by a
// bare one the project's manifests resolve (workspace.ts). Cheap enough to run on every candidate, so
// the scanner parses a candidate's neighbours and nothing else.
import path from 'node:path';
import { conventionalImports } from './conventions.ts';
import { Workspace } from './workspace.ts';

const RELATIVE_SPECIFIER =
  /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|\bimport\s+)(['"])(\.{1,2}\/[^'"\n]*|\.{1,2})\1/g;

/** `'@acme/wechat-config'`, `'@config/wechat'`: not relative, not absolute. */
const BARE_SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|\bimport\s+)(['"])([^'"\n./][^'"\n]*)\1/g;

const RESOLUTION_SUFFIXES = ['', '.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs', '/index.ts', '/index.tsx', '/index.js', '/index.mjs', '/index.cjs'];

/**
 * JSON files `text` (at `file`) loads by relative specifier (`require('../config/wechat.json')`),
 * as absolute paths whether or not they exist: config modules often hold the API's base URL.
 */
export function relativeJsonImportsOf(file: string, text: string): string[] {
  const found = new Set<string>();
  for (const match of text.matchAll(RELATIVE_SPECIFIER)) {
    const specifier = match[2];
    if (specifier?.endsWith('.json')) found.add(path.resolve(path.dirname(file), specifier));
  }
  return [...found];
}

/** The specifiers a text loads modules by, each once, in order of first appearance. */
export interface ImportSpecifiers {
  /** `./x`, `../y.js`, `..`. */
  relative: readonly string[];
  /** `'@acme/wechat-config'`, `'@config/wechat'`: not relative, not absolute. */
  bare: readonly string[];
}

/**
 * The specifiers of `text`, from text alone: what the graph resolves (read-pool.ts runs it where the
 * file is read). `bare: false` leaves bare ones out, for a tree where none can resolve.
 */
export function importSpecifiersOf(text: string, withBare = true): ImportSpecifiers {
  const relative = new Set<string>();
  for (const match of text.matchAll(RELATIVE_SPECIFIER)) if (match[2]) relative.add(match[2]);
  const bare = new Set<string>();
  if (withBare) for (const match of text.matchAll(BARE_SPECIFIER)) bare.add(match[2]!);
  return { relative: [...relative], bare: [...bare] };
}

/** Files `text` (at `file`) imports, among `known` files. */
export function projectImportsOf(file: string, text: string, known: ReadonlySet<string>, workspace = Workspace.NONE): string[] {
  return resolveImports(file, importSpecifiersOf(text), known, workspace);
}

/** The files among `known` that `specifiers` (written in `file`) name. */
export function resolveImports(file: string, specifiers: ImportSpecifiers, known: ReadonlySet<string>, workspace = Workspace.NONE): string[] {
  const found = new Set<string>();
  for (const specifier of specifiers.relative) {
    const target = resolveSpecifier(path.dirname(file), specifier, known);
    if (target) found.add(target);
  }
  if (!workspace.resolvesNothing) {
    for (const specifier of specifiers.bare) {
      const target = workspace.resolve(specifier, file);
      if (target) found.add(target);
    }
  }
  return [...found];
}

/**
 * Texts whose import specifiers were taken when they were read (read-pool.ts), so the graph need not
 * read them again: only the candidates' texts stay in memory.
 */
export interface PrescannedTexts extends ReadonlyMap<string, string> {
  importSpecifiersOf(file: string): ImportSpecifiers | undefined;
  /** The texts' files already numbered (read-pool.ts's ReadTree), when they are: see FileNumbering. */
  numbering?(): FileNumbering | undefined;
}

/**
 * Files by number, from 0 up to `count` (a number may name no file: one that failed to read). The
 * graph works on numbers; a tree read numbers its files already, and sharing that table spares one
 * of the tree's size.
 */
export interface FileNumbering {
  readonly count: number;
  /** How many numbers name a file. */
  readonly size: number;
  numberOf(file: string): number | undefined;
  fileAt(number: number): string | undefined;
}

function resolveSpecifier(directory: string, specifier: string, known: ReadonlySet<string>): string | undefined {
  const base = path.resolve(directory, specifier);
  // TypeScript's ESM style names the emitted file: `./config.js` means `./config.ts`.
  const withoutJs = base.replace(/\.(m|c)?js$/, '');
  for (const stem of [base, withoutJs]) {
    for (const suffix of RESOLUTION_SUFFIXES) {
      if (known.has(stem + suffix)) return stem + suffix;
    }
  }
  return undefined;
}

/** Import edges between the files read, computed from text on demand. */
export class ImportGraph {
  private readonly known: NumberedFiles;
  private readonly imports = new Map<string, string[]>();
  private importers: ReverseEdges | undefined;

  constructor(
    private readonly texts: ReadonlyMap<string, string>,
    /** What the project's manifests say: bare specifiers into the tree, WeChat SDK packages, published entries. */
    readonly workspace = Workspace.NONE,
  ) {
    this.known = new NumberedFiles((texts as Partial<PrescannedTexts>).numbering?.() ?? ListNumbering.of(texts.keys()));
  }

  /** Kept per file asked for: the candidates and their neighbourhood ask again and again. */
  importsOf(file: string): string[] {
    let list = this.imports.get(file);
    if (!list) {
      list = this.resolve(file);
      this.imports.set(file, list);
    }
    return list;
  }

  /**
   * The reverse edges need every file's imports: computed once, the first time they are asked for,
   * and kept as numbers (the other files' own import lists are not kept: on a large tree they were
   * most of the memory the run held).
   */
  importersOf(file: string): string[] {
    this.importers ??= new ReverseEdges(this.known, (source) => this.imports.get(source) ?? this.resolve(source));
    return this.importers.of(file);
  }

  private resolve(file: string): string[] {
    const specifiers = (this.texts as Partial<PrescannedTexts>).importSpecifiersOf?.(file) ?? importSpecifiersOf(this.texts.get(file) ?? '');
    return [...new Set([...resolveImports(file, specifiers, this.known, this.workspace), ...conventionalImports(file, this.known)])];
  }
}

/** Files numbered in the order given, for texts that are not numbered already. */
class ListNumbering implements FileNumbering {
  readonly #numbers = new Map<string, number>();
  readonly #files: string[] = [];

  static of(files: Iterable<string>): ListNumbering {
    const numbering = new ListNumbering();
    for (const file of files) {
      if (!numbering.#numbers.has(file)) numbering.#numbers.set(file, numbering.#files.push(file) - 1);
    }
    return numbering;
  }

  get count(): number {
    return this.#files.length;
  }

  get size(): number {
    return this.#files.length;
  }

  numberOf(file: string): number | undefined {
    return this.#numbers.get(file);
  }

  fileAt(number: number): string | undefined {
    return this.#files[number];
  }
}

/** The numbered files as a set of names (what resolution and the conventions ask of them). */
class NumberedFiles implements ReadonlySet<string> {
  constructor(readonly numbering: FileNumbering) {}

  numberOf(file: string): number | undefined {
    return this.numbering.numberOf(file);
  }

  has(file: string): boolean {
    return this.numbering.numberOf(file) !== undefined;
  }

  get size(): number {
    return this.numbering.size;
  }

  *keys(): SetIterator<string> {
    for (let number = 0; number < this.numbering.count; number++) {
      const file = this.numbering.fileAt(number);
      if (file !== undefined) yield file;
    }
  }

  values(): SetIterator<string> {
    return this.keys();
  }

  [Symbol.iterator](): SetIterator<string> {
    return this.keys();
  }

  *entries(): SetIterator<[string, string]> {
    for (const file of this.keys()) yield [file, file];
  }

  forEach(callback: (value: string, key: string, set: ReadonlySet<string>) => void, thisArg?: unknown): void {
    for (const file of this.keys()) callback.call(thisArg, file, file, this);
  }
}

/**
 * Who imports each file, as numbers: files by their place in `known` (targets outside it after them),
 * and for each target the places of its importers in `known` order, packed in one array
 * (`sources[starts[t]] … sources[starts[t + 1] - 1]`).
 */
class ReverseEdges {
  /** Targets outside `known` (a JSON file a workspace resolves to): numbered after its files. */
  private readonly others = new Map<string, number>();
  private readonly starts: Int32Array;
  private readonly sources: Int32Array;

  constructor(
    private readonly known: NumberedFiles,
    importsOf: (file: string) => readonly string[],
  ) {
    const count = known.numbering.count;
    // Edges as (source, target) pairs in `known` order, then counted and placed by target.
    let pairs = new Int32Array(2 * Math.max(16, count));
    let edges = 0;
    for (let source = 0; source < count; source++) {
      const file = known.numbering.fileAt(source);
      if (file === undefined) continue;
      for (const target of importsOf(file)) {
        if (2 * edges === pairs.length) {
          const larger = new Int32Array(2 * pairs.length);
          larger.set(pairs);
          pairs = larger;
        }
        pairs[2 * edges] = source;
        pairs[2 * edges + 1] = this.numberOf(target, true)!;
        edges++;
      }
    }
    const targets = count + this.others.size;
    this.starts = new Int32Array(targets + 1);
    for (let edge = 0; edge < edges; edge++) this.starts[pairs[2 * edge + 1]! + 1]!++;
    for (let target = 0; target < targets; target++) this.starts[target + 1]! += this.starts[target]!;
    const filled = this.starts.slice(0, targets);
    this.sources = new Int32Array(edges);
    for (let edge = 0; edge < edges; edge++) this.sources[filled[pairs[2 * edge + 1]!]!++] = pairs[2 * edge]!;
  }

  of(file: string): string[] {
    const target = this.numberOf(file, false);
    if (target === undefined) return [];
    const list: string[] = [];
    for (let edge = this.starts[target]!; edge < this.starts[target + 1]!; edge++) list.push(this.known.numbering.fileAt(this.sources[edge]!)!);
    return list;
  }

  private numberOf(file: string, add: boolean): number | undefined {
    let number = this.known.numberOf(file) ?? this.others.get(file);
    if (number === undefined && add) {
      number = this.known.numbering.count + this.others.size;
      this.others.set(file, number);
    }
    return number;
  }
}

/**
 * The candidates plus the files around them: what they import (host constants, config) and what
 * imports them (call sites of an exported agent), a few steps out, bounded in size.
 */
export function neighbourhood(
  candidates: readonly string[],
  texts: ReadonlyMap<string, string>,
  maxFiles = 2000,
  maxSteps = 4,
  graph: ImportGraph = new ImportGraph(texts),
): string[] {
  const loaded = new Set(candidates);
  let frontier = [...candidates];
  for (let step = 0; step < maxSteps && frontier.length > 0 && loaded.size < maxFiles; step++) {
    const next: string[] = [];
    for (const file of frontier) {
      for (const neighbour of [...graph.importsOf(file), ...graph.importersOf(file)]) {
        if (loaded.has(neighbour) || loaded.size >= maxFiles) continue;
        loaded.add(neighbour);
        next.push(neighbour);
      }
    }
    frontier = next;
  }
  return [...loaded];
}

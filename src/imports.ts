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

/** Import edges between the files read, computed from text on demand and kept. */
export class ImportGraph {
  private readonly known: ReadonlySet<string>;
  private readonly imports = new Map<string, string[]>();
  private importers: Map<string, string[]> | undefined;

  constructor(
    private readonly texts: ReadonlyMap<string, string>,
    /** What the project's manifests say: bare specifiers into the tree, WeChat SDK packages, published entries. */
    readonly workspace = Workspace.NONE,
  ) {
    this.known = new Set(texts.keys());
  }

  importsOf(file: string): string[] {
    let list = this.imports.get(file);
    if (!list) {
      const specifiers = (this.texts as Partial<PrescannedTexts>).importSpecifiersOf?.(file) ?? importSpecifiersOf(this.texts.get(file) ?? '');
      list = [...new Set([...resolveImports(file, specifiers, this.known, this.workspace), ...conventionalImports(file, this.known)])];
      this.imports.set(file, list);
    }
    return list;
  }

  /** The reverse edges need every file's imports: computed once, the first time they are asked for. */
  importersOf(file: string): string[] {
    if (!this.importers) {
      this.importers = new Map();
      for (const source of this.known) {
        for (const target of this.importsOf(source)) {
          const list = this.importers.get(target);
          if (list) list.push(source);
          else this.importers.set(target, [source]);
        }
      }
    }
    return this.importers.get(file) ?? [];
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

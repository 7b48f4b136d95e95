// Builds the trees the bench measures, in a temp folder: real code copied out of node_modules and
// replicated, with the planted pins; the pre-commit file sets; the fix-heavy template tree.
import { copyFileSync, cpSync, linkSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { mayHoldFinding } from '../src/prefilter.ts';
import { PLANTS, STANDALONE_PLANTS, type Plant } from './plants.ts';

const SOURCE_FILE = /\.(js|jsx|mjs|cjs|ts|tsx|mts|cts)$/;
/** Bundles such as typescript.js (9 MB) would dominate every tool's time; real projects rarely hold them. */
export const MAX_COPIED_BYTES = 1024 * 1024;
/** Folder and file names that discovery leaves out (node_modules, tests, fixtures, hidden): renamed on copy. */
const SKIPPED_SEGMENT = /^(node_modules|test|tests|__tests__|fixtures|__fixtures__|__mocks__)$/;

export interface SourceFile {
  /** Path relative to node_modules. */
  relative: string;
  absolute: string;
  size: number;
}

/** Every JS/TS file under `nodeModules` (symlinks not followed), up to MAX_COPIED_BYTES each, sorted. */
export function dependencyFiles(nodeModules: string): SourceFile[] {
  const found: SourceFile[] = [];
  const walk = (directory: string): void => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const absolute = path.join(directory, entry.name);
      if (entry.isDirectory()) walk(absolute);
      else if (entry.isFile() && SOURCE_FILE.test(entry.name)) {
        const size = statSync(absolute).size;
        if (size <= MAX_COPIED_BYTES) found.push({ relative: path.relative(nodeModules, absolute), absolute, size });
      }
    }
  };
  walk(nodeModules);
  return found.sort((a, b) => (a.relative < b.relative ? -1 : a.relative > b.relative ? 1 : 0));
}

/** `a/node_modules/test/x.spec.js` → `a/deps/test_/x.spec_.js`: a path every tool enters. */
export function visiblePath(relative: string): string {
  return relative
    .split(/[\\/]/)
    .map((segment) => (segment === 'node_modules' ? 'deps' : SKIPPED_SEGMENT.test(segment) ? `${segment}_` : segment))
    .map((segment) => segment.replace(/^\./, '_').replace(/\.(test|spec)\./, '.$1_.'))
    .join('/');
}

export interface LargeTree {
  root: string;
  files: number;
  /** The files' paths relative to root, plants included, sorted. */
  paths: string[];
}

/**
 * Copies the dependency files into `root` as copy-0/, copy-1/, … until `target` files, then plants
 * the pins in a few folders spread over the tree.
 */
export function buildLargeTree(root: string, sources: readonly SourceFile[], target: number): LargeTree {
  rmSync(root, { recursive: true, force: true });
  const wanted = target - PLANTS.length;
  const paths: string[] = [];
  for (let index = 0; index < wanted; index++) {
    const source = sources[index % sources.length]!;
    const relative = `copy-${Math.floor(index / sources.length)}/${visiblePath(source.relative)}`;
    const destination = path.join(root, relative);
    mkdirSync(path.dirname(destination), { recursive: true });
    copyFileSync(source.absolute, destination);
    paths.push(relative);
  }
  paths.push(...plantInto(root, paths));
  paths.sort();
  return { root, files: paths.length, paths };
}

/**
 * Plants PLANTS in folders spread over the tree: the config and the two files that import it together,
 * every other plant in a folder of its own.
 */
function plantInto(root: string, existing: readonly string[]): string[] {
  const folders = [...new Set(existing.map((file) => path.posix.dirname(file)))].sort();
  const grouped = PLANTS.filter((plant) => plant.pins === 0 || plant.text.includes('./wx-config'));
  const alone = PLANTS.filter((plant) => !grouped.includes(plant));
  const slots = alone.length + 1;
  const folderAt = (slot: number): string => folders[Math.floor(((slot + 0.5) * folders.length) / slots)] ?? '.';
  const placed: string[] = [];
  const place = (plant: Plant, folder: string): void => {
    const relative = path.posix.join(folder, plant.path);
    writeFileSync(path.join(root, relative), plant.text);
    placed.push(relative);
  };
  for (const plant of grouped) place(plant, folderAt(0));
  alone.forEach((plant, index) => place(plant, folderAt(index + 1)));
  return placed;
}

/**
 * A tree of `count` files hard-linked from `large`: the plants plus an even sample of the rest, so
 * the scaling rows hold the same mix of code and pins as the full tree.
 */
export function linkSubset(large: LargeTree, root: string, count: number): LargeTree {
  rmSync(root, { recursive: true, force: true });
  const plantNames = new Set(PLANTS.map((plant) => plant.path));
  const planted = large.paths.filter((file) => plantNames.has(path.posix.basename(file)));
  const rest = large.paths.filter((file) => !plantNames.has(path.posix.basename(file)));
  const sampleSize = Math.max(0, Math.min(rest.length, count - planted.length));
  const sample = Array.from({ length: sampleSize }, (_, index) => rest[Math.floor((index * rest.length) / sampleSize)]!);
  const paths = [...planted, ...sample].sort();
  for (const relative of paths) {
    const destination = path.join(root, relative);
    mkdirSync(path.dirname(destination), { recursive: true });
    linkSync(path.join(large.root, relative), destination);
  }
  return { root, files: paths.length, paths };
}

/**
 * `copies` copies of `large` side by side (replica-0/, replica-1/, …), hard-linked: a tree that many
 * times the size at little disk cost, for the memory check (issue 14: flat from 17k to 60k files).
 */
/**
 * The large tree `copies` times side by side (hard links). `plantsOnce`: the planted files only in the
 * first copy, so the tree grows and its candidates do not.
 */
export function linkReplicas(large: LargeTree, root: string, copies: number, { plantsOnce = false } = {}): LargeTree {
  rmSync(root, { recursive: true, force: true });
  const paths: string[] = [];
  const planted = (relative: string): boolean => PLANTS.some((plant) => relative === plant.path || relative.endsWith(`/${plant.path}`));
  for (let copy = 0; copy < copies; copy++) {
    for (const relative of large.paths) {
      if (plantsOnce && copy > 0 && planted(relative)) continue;
      const replica = `replica-${copy}/${relative}`;
      const destination = path.join(root, replica);
      mkdirSync(path.dirname(destination), { recursive: true });
      linkSync(path.join(large.root, relative), destination);
      paths.push(replica);
    }
  }
  return { root, files: paths.length, paths };
}

export interface PreCommitSets {
  /** Five real files that fail the prefilter. */
  clean: string[];
  /** Four of those and one file with a pin. */
  pinned: string[];
}

/** Five real files of ordinary size with no candidate text, and the same set with one pinned file. */
export function buildPreCommit(root: string, sources: readonly SourceFile[]): PreCommitSets {
  rmSync(root, { recursive: true, force: true });
  mkdirSync(path.join(root, 'src'), { recursive: true });
  const ordinary = sources.filter(
    (source) => source.size > 2_000 && source.size < 20_000 && /\.(js|ts)$/.test(source.relative) && !source.relative.endsWith('.d.ts'),
  );
  const clean: string[] = [];
  for (let index = 0; clean.length < 5 && index < ordinary.length; index++) {
    const source = ordinary[Math.floor((index * 7919) % ordinary.length)]!;
    const text = readFileSync(source.absolute, 'utf8');
    const destination = path.join(root, 'src', `${clean.length}-${path.basename(source.relative)}`);
    if (!mayHoldFinding(text) && !clean.includes(destination)) {
      writeFileSync(destination, text);
      clean.push(destination);
    }
  }
  if (clean.length < 5) throw new Error(`found only ${clean.length} dependency files without candidate text; need 5`);
  const plant = STANDALONE_PLANTS.find((candidate) => candidate.path === 'wx-request-options.js') ?? STANDALONE_PLANTS[0]!;
  const pinnedFile = path.join(root, 'src', plant.path);
  writeFileSync(pinnedFile, plant.text);
  return { clean, pinned: [...clean.slice(0, 4), pinnedFile] };
}

/** `count` files, each holding one pin (the standalone plants in turn), ten to a folder. */
export function buildFixHeavy(root: string, count: number): number {
  rmSync(root, { recursive: true, force: true });
  let pins = 0;
  for (let index = 0; index < count; index++) {
    const plant = STANDALONE_PLANTS[index % STANDALONE_PLANTS.length]!;
    const folder = path.join(root, 'src', `module-${String(Math.floor(index / 10)).padStart(3, '0')}`);
    mkdirSync(folder, { recursive: true });
    const extension = path.extname(plant.path);
    writeFileSync(path.join(folder, `${path.basename(plant.path, extension)}-${index}${extension}`), plant.text);
    pins += plant.pins;
  }
  return pins;
}

/** A fresh copy of the fix-heavy template, so every timed `fix` starts from the same files. */
export function freshCopy(template: string, destination: string): void {
  rmSync(destination, { recursive: true, force: true });
  cpSync(template, destination, { recursive: true });
}

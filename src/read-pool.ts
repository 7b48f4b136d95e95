// The read stage for a whole tree: reading, decoding, the prefilter and the import specifiers of every
// file, spread over a pool of worker threads (one per processor) on a large tree, on the main thread
// on a small one (workers take longer to start than a few files take to read). What comes back is
// what the rest of the run needs: each file's name, identity and imports, and the text of the
// candidates alone. A text no one kept is read again when asked for (a candidate's neighbour; the
// whole tree only for the rare questions about every file), so memory follows the candidates and
// their neighbourhood, not the tree.
import os from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { FileNumbering, ImportSpecifiers, PrescannedTexts } from './imports.ts';
import { BOM, CANDIDATE, FAILED, batchSpecifiers, batchText, prescanBatch, releaseReadBuffer, rereadText, type PrescanOptions, type PrescannedBatch } from './prescan.ts';
import { DEFAULT_MAX_FILE_BYTES, type SourceText } from './read.ts';
import type { FileError } from './types.ts';

/** Below this many files one thread is done before a pool would have started. */
const POOL_THRESHOLD = 2000;
const BATCH_FILES = 256;

/**
 * readSources' result for a tree: the same sources (by path) and errors, most texts left on disk until
 * asked for. `bareSpecifiers: false` when the tree has no manifests (no bare specifier can resolve).
 */
export async function readTree(
  files: readonly string[],
  maxFileBytes = DEFAULT_MAX_FILE_BYTES,
  { bareSpecifiers = true } = {},
): Promise<{ sources: ReadTree; errors: FileError[] }> {
  const options: PrescanOptions = { maxFileBytes, bareSpecifiers };
  const batches: PrescannedBatch[] = [];
  let batchSize: number;
  if (files.length < POOL_THRESHOLD) {
    batches.push(prescanBatch(files, options));
    batchSize = Math.max(1, files.length);
    releaseReadBuffer();
  } else {
    await prescanInPool(files, options, batches);
    batchSize = BATCH_FILES;
  }
  const errors = batches.flatMap((batch) => batch.errors);
  return { sources: new ReadTree(files, batches, batchSize), errors };
}

/**
 * The files read, by path, in the order given (the ones that failed left out): a view over the
 * batches that holds one number per file, not an object. A source is made when asked for and can be
 * let go at once; what it knows (and a text read again) stays in its batch. On a large tree 60,000
 * sources kept for the run outlived the young generation and grew every later stage's heap.
 */
export class ReadTree implements ReadonlyMap<string, SourceText>, FileNumbering {
  /** Each file read → its place in `files`, which is its number. */
  readonly #places = new Map<string, number>();
  readonly #files: readonly string[];
  readonly #batches: readonly PrescannedBatch[];
  /** Files per batch: file `place` is `place % size` in batch `place / size`. */
  readonly #batchSize: number;

  constructor(files: readonly string[], batches: readonly PrescannedBatch[], batchSize: number) {
    this.#files = files;
    this.#batches = batches;
    this.#batchSize = batchSize;
    for (let place = 0; place < files.length; place++) {
      if (!(batches[Math.floor(place / batchSize)]!.flags[place % batchSize]! & FAILED)) this.#places.set(files[place]!, place);
    }
  }

  get size(): number {
    return this.#places.size;
  }

  /** Numbers run up to `files.length`; those of files that failed name none (FileNumbering). */
  get count(): number {
    return this.#files.length;
  }

  numberOf(file: string): number | undefined {
    return this.#places.get(file);
  }

  fileAt(number: number): string | undefined {
    const file = this.#files[number];
    return file !== undefined && this.#places.has(file) ? file : undefined;
  }

  has(file: string): boolean {
    return this.#places.has(file);
  }

  get(file: string): SourceText | undefined {
    const place = this.#places.get(file);
    return place === undefined ? undefined : this.#sourceAt(file, place);
  }

  keys(): MapIterator<string> {
    return this.#places.keys();
  }

  *values(): MapIterator<SourceText> {
    for (const [file, place] of this.#places) yield this.#sourceAt(file, place);
  }

  *entries(): MapIterator<[string, SourceText]> {
    for (const [file, place] of this.#places) yield [file, this.#sourceAt(file, place)];
  }

  [Symbol.iterator](): MapIterator<[string, SourceText]> {
    return this.entries();
  }

  forEach(callback: (value: SourceText, key: string, map: ReadonlyMap<string, SourceText>) => void, thisArg?: unknown): void {
    for (const [file, source] of this.entries()) callback.call(thisArg, source, file, this);
  }

  get [Symbol.toStringTag](): string {
    return 'ReadTree';
  }

  #sourceAt(file: string, place: number): PrescannedSource {
    return new PrescannedSource(file, this.#batches[Math.floor(place / this.#batchSize)]!, place % this.#batchSize);
  }
}

/**
 * A file read once: its text held (in its batch's bytes) when it is a candidate, read again on demand
 * (and then kept) otherwise. Made when asked for (ReadTree): what it knows stays in its batch.
 */
class PrescannedSource implements SourceText {
  readonly #batch: PrescannedBatch;
  readonly #index: number;

  constructor(
    readonly file: string,
    batch: PrescannedBatch,
    index: number,
  ) {
    this.#batch = batch;
    this.#index = index;
  }

  get bom(): boolean {
    return (this.#batch.flags[this.#index]! & BOM) !== 0;
  }

  /** The prefilter's verdict. */
  get prefiltered(): boolean {
    return (this.#batch.flags[this.#index]! & CANDIDATE) !== 0;
  }

  /** Made when asked for (write.ts, before a write): one object less per file of the tree. */
  get identity(): { dev: number; ino: number } {
    return { dev: this.#batch.dev[this.#index]!, ino: this.#batch.ino[this.#index]! };
  }

  get specifiers(): ImportSpecifiers {
    return batchSpecifiers(this.#batch, this.#index);
  }

  /**
   * A candidate's text is decoded from its batch at each call (a run asks a few times per candidate);
   * another file's is read again, and kept.
   */
  get text(): string {
    let text = batchText(this.#batch, this.#index) ?? this.#batch.reread?.get(this.#index);
    if (text === undefined) (this.#batch.reread ??= new Map()).set(this.#index, (text = rereadText(this.file, this.identity)));
    return text;
  }

  /** The text without keeping it: for the passes over every file. */
  peek(): string {
    return batchText(this.#batch, this.#index) ?? this.#batch.reread?.get(this.#index) ?? rereadText(this.file, this.identity);
  }
}

/**
 * Path → text over sources, for the import graph, the relevance gate and the scanner: texts come from
 * the sources (read again when not held), specifiers from the read stage, and `set` lays new texts
 * over them (a JSON file read later, a fixed text) without copying the rest.
 */
export class TreeTexts implements Map<string, string>, PrescannedTexts {
  #sources: ReadonlyMap<string, SourceText>;
  /** #sources is the caller's map (over): copied before a delete. */
  #shared = false;
  readonly #own = new Map<string, string>();

  constructor(sources: Iterable<SourceText> = [], texts: Iterable<readonly [string, string]> = []) {
    const byFile = new Map<string, SourceText>();
    for (const source of sources) byFile.set(source.file, source);
    this.#sources = byFile;
    for (const [file, text] of texts) this.#own.set(file, text);
  }

  /**
   * Texts over a map of sources by path, without copying it (on a large tree, a table of 60,000
   * entries): the map is left as it is, and must not change while this is in use.
   */
  static over(sources: ReadonlyMap<string, SourceText>): TreeTexts {
    const texts = new TreeTexts();
    texts.#sources = sources;
    texts.#shared = true;
    return texts;
  }

  #ownSources(): Map<string, SourceText> {
    const sources = this.#sources;
    // A map this one made is a Map; the caller's (a ReadTree, maybe) is copied into one.
    if (!this.#shared && sources instanceof Map) return sources as Map<string, SourceText>;
    const own = new Map(sources);
    this.#sources = own;
    this.#shared = false;
    return own;
  }

  /** A view of `this` with `texts` laid over it: this one is left as it is. */
  with(texts: Iterable<readonly [string, string]>): TreeTexts {
    return new TreeTexts(this.#sources.values(), [...this.#own, ...texts]);
  }

  get(file: string): string | undefined {
    return this.#own.get(file) ?? this.#sources.get(file)?.text;
  }

  /**
   * The read tree's numbers for these files, when they are its files alone (no text laid over a path
   * it lacks): the import graph numbers files by them instead of building a table of its own.
   */
  numbering(): FileNumbering | undefined {
    if (!(this.#sources instanceof ReadTree)) return undefined;
    for (const file of this.#own.keys()) if (!this.#sources.has(file)) return undefined;
    return this.#sources;
  }

  importSpecifiersOf(file: string): ImportSpecifiers | undefined {
    if (this.#own.has(file)) return undefined;
    const source = this.#sources.get(file);
    return source instanceof PrescannedSource ? source.specifiers : undefined;
  }

  has(file: string): boolean {
    return this.#own.has(file) || this.#sources.has(file);
  }

  set(file: string, text: string): this {
    this.#own.set(file, text);
    return this;
  }

  delete(file: string): boolean {
    const own = this.#own.delete(file);
    return (this.#sources.has(file) && this.#ownSources().delete(file)) || own;
  }

  clear(): void {
    this.#own.clear();
    this.#ownSources().clear();
  }

  get size(): number {
    let size = this.#sources.size;
    for (const file of this.#own.keys()) if (!this.#sources.has(file)) size++;
    return size;
  }

  keys(): MapIterator<string> {
    // The common case, fast: the graph and the classifier take every key of a large tree.
    for (const file of this.#own.keys()) if (!this.#sources.has(file)) return this.#allKeys();
    return this.#sources.keys();
  }

  *#allKeys(): MapIterator<string> {
    yield* this.#sources.keys();
    for (const file of this.#own.keys()) if (!this.#sources.has(file)) yield file;
  }

  *entries(): MapIterator<[string, string]> {
    for (const file of this.keys()) yield [file, this.#peek(file)];
  }

  *values(): MapIterator<string> {
    for (const file of this.keys()) yield this.#peek(file);
  }

  [Symbol.iterator](): MapIterator<[string, string]> {
    return this.entries();
  }

  forEach(callback: (value: string, key: string, map: Map<string, string>) => void, thisArg?: unknown): void {
    for (const [file, text] of this.entries()) callback.call(thisArg, text, file, this);
  }

  get [Symbol.toStringTag](): string {
    return 'TreeTexts';
  }

  #peek(file: string): string {
    const own = this.#own.get(file);
    if (own !== undefined) return own;
    const source = this.#sources.get(file)!;
    return source instanceof PrescannedSource ? source.peek() : source.text;
  }
}

/**
 * The files, in batches of BATCH_FILES, over one worker per processor: batch n of `batches` holds the
 * files from n × BATCH_FILES on. A worker that fails hands its batch back, and what no worker can take
 * is done on this thread.
 */
async function prescanInPool(files: readonly string[], options: PrescanOptions, batches: PrescannedBatch[]): Promise<void> {
  const pending: number[] = [];
  for (let start = 0; start < files.length; start += BATCH_FILES) pending.push(start);
  const byStart = new Map<number, PrescannedBatch>();
  // The worker's module sits beside this one: .ts under tsx (tests), .js once built.
  const extension = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  const workerUrl = new URL(`./worker/read-worker${extension}`, import.meta.url);
  const size = Math.max(1, Math.min(os.availableParallelism(), pending.length));
  // Loaded here: below POOL_THRESHOLD files (a pre-commit run) no worker starts.
  const threads = await import('node:worker_threads');
  const runWorker = (): Promise<void> =>
    new Promise((resolve) => {
      let worker: Worker;
      try {
        worker = new threads.Worker(workerUrl, { workerData: options });
      } catch {
        resolve();
        return;
      }
      let current: number | undefined;
      // A worker ends asynchronously: its listeners (and what they hold) go at once.
      const finish = (): void => {
        worker.removeAllListeners('message');
        void worker.terminate();
        resolve();
      };
      const next = (): void => {
        current = pending.shift();
        if (current === undefined) {
          finish();
          return;
        }
        worker.postMessage({ id: current, files: files.slice(current, current + BATCH_FILES) });
      };
      worker.on('message', (reply: { id: number; batch: PrescannedBatch }) => {
        byStart.set(reply.id, reply.batch);
        next();
      });
      const fail = (): void => {
        if (current !== undefined) pending.push(current);
        current = undefined;
        finish();
      };
      worker.on('error', fail);
      worker.on('exit', (code) => {
        if (current !== undefined) fail();
        else if (code !== 0) resolve();
      });
      next();
    });
  await Promise.all(Array.from({ length: size }, runWorker));
  for (const start of pending.splice(0)) byStart.set(start, prescanBatch(files.slice(start, start + BATCH_FILES), options));
  releaseReadBuffer();
  for (const start of [...byStart.keys()].sort((a, b) => a - b)) batches.push(byStart.get(start)!);
}

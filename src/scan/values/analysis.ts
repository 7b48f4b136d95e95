// The value analysis over the loaded files: a whole-program, flow-insensitive abstract interpretation.
// Every place that can hold a value (a binding, a parameter, a function's result, `this` of a function,
// an object's field) holds the join of every value written to it. Writes come from the table of write
// kinds (writes.ts); expressions are evaluated by evaluate.ts, calls by calls.ts with the table of
// modelled operations (builtins.ts) and the client tables. Rounds repeat until nothing grows; then
// what leaves the analysed code (escape.ts) makes its parameters unknown, and rounds run again.
import { ts } from '../typescript.ts';
import { familyOfModule, rootOfModule } from '../clients.ts';
import { isFunctionLike, type CallLike } from '../syntax.ts';
import { findEscapes, type Escape, type EscapeFindings } from './escape.ts';
import { evaluateExpression } from './evaluate.ts';
import { Heap, fieldOf, type AbstractObject } from './heap.ts';
import { ValueSet, idOf, joinsAsked, keyOf, unknown, type UnknownValue, type Value } from './lattice.ts';
import { isCommonJs } from './modules.ts';
import { applyEffect, collectDeletedKeys, collectEffects, type Effect } from './writes.ts';
import { trackReads, type Tracked } from './tracking.ts';
import { Workspace } from '../../workspace.ts';

/** Rounds before the analysis stops following and calls the rest unknown. */
const MAX_ROUNDS = 60;
/** Times escapes may add unknown parameters before the analysis settles for what it has. */
const MAX_ESCAPE_PASSES = 4;
/**
 * Joins (joinsAsked) one solve may ask before it stops where it is. The largest real app scanned
 * (142 files) asks 0.8 million, the bench's 500-pin tree 0.1 million. Two copies of a 300-method SDK
 * that sends every method through one `method.apply(that, args)` asked 190 million in 30 s without
 * settling: every method's arguments joined into every method, ~600 objects and functions a set.
 * Past the limit what the analysis has is only part of what the code does, so every setting of the
 * program is reviewed (unsettledVerdict in classify.ts): never fixable, never dropped.
 */
export const MAX_JOINS = 40_000_000;

export interface SiteIndex {
  /** The site id of a node that is a TLS setting (property, assignment statement, `.ca(x)` call). */
  idOf(node: ts.Node): number | undefined;
}

export class Analysis {
  readonly heap = new Heap();
  /** Site → the sites its setting was handed on to as the same option (`ca: config.ca`). */
  readonly relays = new Map<number, Set<number>>();
  /** What leaves the analysed code, as the effects last recorded it (gathered once the rounds settle). */
  escapes: Escape[] = [];
  /** The settings and clients that escapes reach (escape.ts), once solved. */
  escaped: EscapeFindings = { settings: new Map(), clients: new Map() };
  /** Set when the rounds did not settle, or the work limit stopped them: every setting of the program is then reviewed. */
  unsettled = false;
  /** joinsAsked's count when the solve started. */
  private joinsAtStart = 0;
  /** Functions and classes some loaded code calls (or constructs). */
  readonly called = new Set<ts.Node>();
  /** Modules the code loads that are not among the loaded files: each as the paths it may be (modules.ts). */
  readonly unloaded = new Map<string, string[]>();
  /** Property names some loaded code deletes ('*': a computed one): such a field is never certain. */
  readonly deletedKeys = new Set<string>();

  private readonly locations = new Map<unknown, ValueSet>();
  private readonly moduleObjects = new Map<string, AbstractObject>();
  private memo = new Map<ts.Node, ValueSet>();
  private readonly symbols = new Map<ts.Node, ts.Symbol | undefined>();
  private readonly readsArguments = new Map<ts.Node, boolean>();
  /** Classes a dependency-injection container constructs (values/injection.ts). */
  readonly injectedClasses = new Set<ts.Node>();
  /** Rounds run (full ones among them), and effects applied in them, for the bench and for tests. */
  rounds = 0;
  fullRounds = 0;
  effectsRun = 0;
  private changed = false;
  /** What the effects recorded on their last runs (escapes, reads of exports, …), and the one running now's. */
  private readonly recordsOf: Array<EffectRecords | undefined>;
  private current: EffectRecords | undefined;
  /** The records gathered once the rounds settled. */
  private missingReads: EffectRecords['missing'] = [];
  private unanswered: EffectRecords['unanswered'] = [];
  private lastReads = new Set<string>();
  private readonly effects: Effect[];
  /** Every call and `new` of the loaded files, file by file in the order of their text (the effects have them). */
  *calls(): IterableIterator<CallLike> {
    for (const { node } of this.effects) if (ts.isCallExpression(node) || ts.isNewExpression(node)) yield node;
  }

  /** The effects (writes and calls) the rounds apply. */
  get effectCount(): number {
    return this.effects.length;
  }
  /** Per effect: the places it read on its last run, and the tick that run started at (0: never ran). */
  private readonly readsOf: Tracked[][];
  private readonly lastRun: number[];
  /** Per effect: the effects whose memoised results its last run used. */
  private readonly usedResultsOf: Array<Set<number> | undefined>;
  /** The effect running now (-1: none), and the effects whose results it used so far. */
  private running = -1;
  private usedResults: Set<number> | undefined;
  /** Which effect computed each memoised result of this round. */
  private memoBy = new Map<ts.Node, number>();
  private readonly projectFiles: ReadonlySet<ts.SourceFile>;
  private readonly byName: ReadonlyMap<string, ts.SourceFile>;
  /** The loaded files' names. */
  readonly fileNames: ReadonlySet<string>;

  constructor(
    readonly checker: ts.TypeChecker,
    readonly files: readonly ts.SourceFile[],
    readonly sites: SiteIndex,
    /** Bare specifiers into the tree and published package entries (workspace.ts). */
    readonly workspace = Workspace.NONE,
    /** The work limit (tests lower it). */
    private readonly maxJoins = MAX_JOINS,
  ) {
    this.projectFiles = new Set(files);
    this.byName = new Map(files.map((file) => [file.fileName, file]));
    this.fileNames = new Set(this.byName.keys());
    this.effects = files.flatMap(collectEffects);
    this.readsOf = this.effects.map(() => []);
    this.lastRun = this.effects.map(() => 0);
    this.usedResultsOf = this.effects.map(() => undefined);
    this.recordsOf = this.effects.map(() => undefined);
    for (const file of files) collectDeletedKeys(file, this.deletedKeys);
    for (const file of files) this.seedModule(file);
  }

  isProjectFile(file: ts.SourceFile): boolean {
    return this.projectFiles.has(file);
  }

  /** The first loaded file among candidate paths. */
  fileAt(candidates: readonly string[]): ts.SourceFile | undefined {
    for (const candidate of candidates) {
      const file = this.byName.get(candidate);
      if (file) return file;
    }
    return undefined;
  }

  /**
   * Runs the rounds to a fixpoint, then lets escapes make parameters unknown, until settled; the end is
   * confirmed by a full round (confirmed).
   */
  solve(): void {
    this.joinsAtStart = joinsAsked.count;
    // Unsettled (out of rounds, or at the work limit), the program is reviewed whole: no more passes.
    for (let pass = 0; pass < MAX_ESCAPE_PASSES; pass++) {
      this.settle();
      if (this.unsettled) return;
      if (!this.escapesAndMissing() && this.confirmed()) return;
      if (this.unsettled) return;
    }
    this.settle();
    if (this.unsettled) return;
    if (this.escapesAndMissing() || !this.confirmed()) this.unsettled = true;
  }

  /** Once the rounds settle: exports no write filled, and what escapes. Whether either changed a place. */
  private escapesAndMissing(): boolean {
    this.gatherRecords();
    const missing = this.fillMissing();
    return findEscapes(this) || missing;
  }

  /**
   * Every effect once more, in a full round. The worklist's fixpoint is the fixpoint when nothing
   * grows, and the escapes and reads the effects record are those the last escape pass saw; a read
   * the tracking missed shows here as one or the other, and the rounds go on (false).
   */
  private confirmed(): boolean {
    const seen = this.recordsKey();
    if (this.runRound(true)) return false;
    this.gatherRecords();
    return this.recordsKey() === seen || !this.escapesAndMissing();
  }

  /** What the effects' last runs recorded, in effect order (escape.ts and fillMissing read it). */
  private gatherRecords(): void {
    this.escapes = [];
    this.lastReads = new Set();
    this.missingReads = [];
    this.unanswered = [];
    for (const records of this.recordsOf) {
      if (!records) continue;
      this.escapes.push(...records.escapes);
      for (const read of records.reads) this.lastReads.add(read);
      this.missingReads.push(...records.missing);
      this.unanswered.push(...records.unanswered);
    }
  }

  /** The gathered records as one text: equal texts, equal records (for confirmed). */
  private recordsKey(): string {
    const escapes = this.escapes.map(({ values, why, at, detail }) => `${why}|${idOf(at)}|${detail}|${[...values].map(keyOf).sort().join(',')}`);
    const missing = this.missingReads.map(({ object, key, at }) => `${object.id}|${key}|${idOf(at)}`);
    const unanswered = this.unanswered.map(({ place, value }) => `${idOf(place)}|${keyOf(value)}`);
    return [escapes.sort().join('\n'), [...this.lastReads].sort().join(','), missing.sort().join(','), unanswered.sort().join(',')].join('\n\n');
  }

  /** Notes that code read `name` of an object (an unknown key reads every name), as of this round. */
  noteRead(object: AbstractObject, name: string | undefined): void {
    this.recordsNow().reads.add(`${object.id}:${name ?? '*'}`);
  }

  /** Did the last round read `name` of the object (or every name of it)? */
  wasRead(object: AbstractObject, name: string): boolean {
    return this.lastReads.has(`${object.id}:${name}`) || this.lastReads.has(`${object.id}:*`);
  }

  /** Notes a read of an export that no write gave a value (as of this round). */
  noteMissing(object: AbstractObject, key: string, at: ts.Node): void {
    this.recordsNow().missing.push({ object, key, at });
  }

  /**
   * Notes a place read while empty that the loaded code may never fill (an injection token no provider
   * answers): if it is still empty once the rounds settle, it holds `value`.
   */
  noteUnanswered(place: ValueSet, value: UnknownValue): void {
    this.recordsNow().unanswered.push({ place, value });
  }

  /**
   * Exports still read without a value once the rounds settle are written in a way the analysis does
   * not follow (`Object.defineProperty(exports, …)`, a re-export it cannot resolve): they are unknown.
   */
  private fillMissing(): boolean {
    let changed = false;
    for (const { object, key, at } of this.missingReads) {
      const source = object.node as ts.SourceFile;
      // `module.exports = {…}` replaced the exports object: what that object lacks is just undefined.
      if ([...this.moduleValueOf(source)].some((value) => value.kind !== 'object' || value.object !== object)) continue;
      const file = source.fileName;
      const value = unknown('module', at, `${key} of ${file.slice(file.lastIndexOf('/') + 1)}`);
      changed = fieldOf(object, key).add(value) || changed;
    }
    for (const { place, value } of this.unanswered) if (place.size === 0) changed = place.add(value) || changed;
    return changed;
  }

  /**
   * Rounds until nothing grows. The first round applies every effect; the later ones only the effects
   * some of whose reads grew since they last ran (tracking.ts), which is where most of the work of
   * most rounds went. solve confirms the end with a full round.
   */
  private settle(): void {
    let full = this.lastRun.every((run) => run === 0);
    for (let round = 0; round < MAX_ROUNDS * 4; round++) {
      if (!this.runRound(full)) return;
      full = false;
    }
    this.unsettled = true;
  }

  /** One round: every effect, or (partial) those whose reads changed. Whether any place grew. */
  private runRound(full: boolean): boolean {
    this.rounds++;
    if (full) this.fullRounds++;
    this.changed = false;
    this.memo = new Map();
    this.memoBy = new Map();
    for (let index = 0; index < this.effects.length; index++) {
      if (full || this.isStale(index)) this.runEffect(index);
      if (joinsAsked.count - this.joinsAtStart > this.maxJoins) {
        this.unsettled = true;
        return false;
      }
    }
    return this.changed;
  }

  /** Applies one effect, noting what it read (for isStale) and what it recorded (gatherRecords). */
  private runEffect(index: number): void {
    this.running = index;
    this.effectsRun++;
    this.current = undefined;
    const { reads, startedAt } = trackReads(() => applyEffect(this, this.effects[index]!));
    this.recordsOf[index] = this.current;
    this.current = undefined;
    this.running = -1;
    this.readsOf[index] = reads;
    this.lastRun[index] = startedAt;
    this.usedResultsOf[index] = this.usedResults;
    this.usedResults = undefined;
  }

  /**
   * May the effect compute something new? Some place it read grew since its last run, or an effect
   * whose memoised result it used has run again since.
   */
  private isStale(index: number): boolean {
    const since = this.lastRun[index]!;
    for (const place of this.readsOf[index]!) if (place.stamp > since) return true;
    const used = this.usedResultsOf[index];
    if (used) for (const other of used) if (this.lastRun[other]! > since) return true;
    return false;
  }

  /** The records of the effect running (made on its first note); outside the rounds, a scratch one. */
  private recordsNow(): EffectRecords {
    return (this.current ??= { escapes: [], reads: new Set(), missing: [], unanswered: [] });
  }

  // ---- evaluation ----

  /** The values an expression may have, as of this round (memoised within the round). */
  evaluate(node: ts.Expression): ValueSet {
    const cached = this.memo.get(node);
    if (cached) {
      // Computed by another effect this round: that effect's reads were noted for it, not this one.
      const by = this.memoBy.get(node);
      if (by !== undefined && by !== this.running && this.running >= 0) (this.usedResults ??= new Set()).add(by);
      return cached;
    }
    const values = evaluateExpression(this, node);
    this.memo.set(node, values);
    if (this.running >= 0) this.memoBy.set(node, this.running);
    return values;
  }

  // ---- places that hold values ----

  location(key: unknown): ValueSet {
    let set = this.locations.get(key);
    if (!set) {
      set = ValueSet.place();
      this.locations.set(key, set);
    }
    return set;
  }

  /** Joins values into a place; the round repeats while any place grows. */
  write(target: ValueSet, values: Iterable<Value>): void {
    if (target.addAll(values)) this.changed = true;
  }

  /**
   * The symbol a declared name binds. A parameter property (`constructor(private opts)`) binds the
   * parameter, which its uses in the constructor name, not the property TypeScript also makes of it.
   */
  declaredSymbol(name: ts.Identifier): ts.Symbol | undefined {
    const parent = name.parent;
    if (parent && ts.isParameter(parent) && ts.isParameterPropertyDeclaration(parent, parent.parent)) {
      return this.checker.getSymbolsOfParameterPropertyDeclaration(parent, name.text)[0];
    }
    return this.checker.getSymbolAtLocation(name);
  }

  /** The symbol a name stands for (shorthand `{ ca }` gives ca's own symbol). Aliases are not followed. */
  symbolOf(node: ts.Node): ts.Symbol | undefined {
    // Asked again every round: the checker's answer never changes, so it is kept.
    if (this.symbols.has(node)) return this.symbols.get(node);
    const parent = node.parent;
    const symbol =
      parent && ts.isShorthandPropertyAssignment(parent) && parent.name === node
        ? this.checker.getShorthandAssignmentValueSymbol(parent)
        : this.checker.getSymbolAtLocation(node);
    this.symbols.set(node, symbol);
    return symbol;
  }

  bindingOf(symbol: ts.Symbol): ValueSet {
    return this.location(symbol);
  }

  returnsOf(fn: ts.SignatureDeclaration): ValueSet {
    return this.location(`returns:${idOf(fn)}`);
  }

  /** `this` inside a function, a class's constructor and field initialisers (key: the class), or a file. */
  thisOf(key: ts.Node, isStatic = false): ValueSet {
    return this.location(`this:${isStatic ? 'static:' : ''}${idOf(key)}`);
  }

  /** What `require()` of a project file gives: `module.exports`, whatever was assigned to it. */
  moduleValueOf(file: ts.SourceFile): ValueSet {
    return this.location(`module:${idOf(file)}`);
  }

  moduleObjectOf(file: ts.SourceFile): AbstractObject {
    return this.heap.objectAt(file, 'module');
  }

  /** One object per npm or node: module, holding what the code writes to it (`https.globalAgent = a`). */
  moduleStateOf(module: string): AbstractObject {
    let object = this.moduleObjects.get(module);
    if (!object) {
      object = this.heap.objectAt(this.files[0]!, 'client', `module:${module}`);
      object.client = { family: familyOfModule(module), module, creation: undefined, node: rootOfModule(module), call: undefined, parent: undefined };
      this.moduleObjects.set(module, object);
    }
    return object;
  }

  moduleStates(): IterableIterator<[string, AbstractObject]> {
    return this.moduleObjects.entries();
  }

  // ---- what leaves the analysed code ----

  /** Records that values leave the code the analysis follows (an unmodelled call, an unknown object). */
  escape(values: Iterable<Value>, why: Escape['why'], at: ts.Node, detail: string): void {
    const set = new ValueSet();
    set.addAll(values);
    if (set.size > 0) this.recordsNow().escapes.push({ values: set, why, at, detail });
  }

  /**
   * `arguments` of a function that reads it (a hand-written `extend()`, variadic helpers in older code):
   * an array of what every call passed, by position. Undefined for functions that never name it (a text
   * search: a false hit, `arguments` in a string, only costs an unused object).
   */
  argumentsObjectOf(fn: ts.SignatureDeclaration): AbstractObject | undefined {
    if (ts.isArrowFunction(fn)) return undefined;
    let reads = this.readsArguments.get(fn);
    if (reads === undefined) {
      reads = 'body' in fn && fn.body !== undefined && (fn.body as ts.Node).getText().includes('arguments');
      this.readsArguments.set(fn, reads);
    }
    return reads ? this.heap.objectAt(fn, 'array', 'arguments') : undefined;
  }

  /** Marks a function as called by code the analysis cannot see: its parameters and `this` are unknown. */
  activate(fn: ts.SignatureDeclaration, reason: UnknownValue['reason'], receivers?: Iterable<Value>): boolean {
    let changed = false;
    for (const parameter of fn.parameters) {
      const value = unknown(reason, parameter, parameter.name.getText());
      changed = this.assignParameterUnknown(parameter, value) || changed;
    }
    const args = this.argumentsObjectOf(fn);
    if (args) changed = args.anyKey.add(unknown(reason, fn, 'arguments')) || changed;
    if (!ts.isArrowFunction(fn) && !ts.isConstructorDeclaration(fn)) {
      const self = this.thisOf(fn);
      if (receivers) changed = self.addAll(receivers) || changed;
      else changed = self.add(unknown(reason, fn, 'this')) || changed;
    }
    return changed;
  }

  private assignParameterUnknown(parameter: ts.ParameterDeclaration, value: UnknownValue): boolean {
    let changed = false;
    // An unknown argument may leave a name undefined: its default is one of its values too.
    const visit = (name: ts.BindingName, initializer: ts.Expression | undefined): void => {
      if (ts.isIdentifier(name)) {
        const symbol = this.declaredSymbol(name);
        if (symbol) changed = this.bindingOf(symbol).add(value) || changed;
        if (symbol && initializer) changed = this.bindingOf(symbol).addAll(this.evaluate(initializer)) || changed;
        return;
      }
      for (const element of name.elements) if (!ts.isOmittedExpression(element)) visit(element.name, element.initializer);
    };
    visit(parameter.name, parameter.initializer);
    return changed;
  }

  private seedModule(file: ts.SourceFile): void {
    if (file.fileName.endsWith('.json')) return;
    const object = this.moduleObjectOf(file);
    this.moduleValueOf(file).add({ kind: 'object', object });
    // `this` at the top of a CommonJS module is its exports; in an ES module it is undefined.
    this.thisOf(file).add(isCommonJs(file) ? { kind: 'object', object } : { kind: 'primitive', value: undefined });
  }
}

export type { CallLike };

/** What an effect's run records besides values. */
interface EffectRecords {
  escapes: Escape[];
  /** Reads of exports (noteRead), as `object id:name`. */
  reads: Set<string>;
  missing: Array<{ object: AbstractObject; key: string; at: ts.Node }>;
  unanswered: Array<{ place: ValueSet; value: UnknownValue }>;
}

/** Is `node` the body (or part of the body) of a function, rather than top-level code? */
export function insideFunction(node: ts.Node): boolean {
  let current = node.parent;
  while (current && !ts.isSourceFile(current)) {
    if (isFunctionLike(current)) return true;
    current = current.parent;
  }
  return false;
}

// The values the analysis computes, and how sets of them join. A set is what an expression, a binding
// or an object field may hold at run time: every value written to it, in any order (DESIGN.md, "How the
// scanner decides", policy 2). What the analysis cannot model is an explicit `unknown` value that
// carries its reason and where it came from, never an empty set (policy 1).
import { ts } from '../typescript.ts';
import type { ApiNode } from '../clients/types.ts';
import type { AbstractObject } from './heap.ts';
import { grew, noteRead, type Tracked } from './tracking.ts';

/** Why a value is unknown: each code becomes a sentence in messages.ts. */
export type UnknownReason =
  /** process.env.X */
  | 'environment'
  /** A parameter of a function whose callers the scanner cannot see (exported, or a callback). */
  | 'parameter'
  /** The result of a call the scanner has no model for (`config.get('wx.base')`). */
  | 'call'
  /** A member of an npm module the scanner has no model for. */
  | 'module'
  /** A global name the scanner does not know. */
  | 'global'
  /** Data read at run time: a response, a file's contents as text, user input. */
  | 'input'
  /** An operation outside the table of modelled operations. */
  | 'operation'
  /** More values than the analysis keeps, or a computation it stopped following. */
  | 'limit';

export interface UnknownValue {
  kind: 'unknown';
  reason: UnknownReason;
  origin: ts.Node;
  /** What the code says, for the report: `process.env.WX_BASE`, `url`, `config.get()`. */
  detail: string;
}

/** A piece of a string: known text (with where it was written) or a hole the analysis cannot fill. */
export type StringPart = { text: string; origin: ts.Node } | { hole: UnknownValue };

export interface StringValue {
  kind: 'string';
  parts: readonly StringPart[];
}

export interface PrimitiveValue {
  kind: 'primitive';
  value: number | boolean | null | undefined;
}

export interface ObjectValue {
  kind: 'object';
  object: AbstractObject;
}

/** A function of the project: its parameters and returns are followed. */
export interface FunctionValue {
  kind: 'function';
  node: ts.SignatureDeclaration;
}

/** A class of the project. */
export interface ClassValue {
  kind: 'class';
  node: ts.ClassLikeDeclaration;
}

/**
 * A member of an npm or node: module (`https.Agent`, `axios.create`), or of an object a modelled call
 * made (`instance.get`). `model` is what the client tables say it does; undefined when they say nothing.
 */
export interface ApiValue {
  kind: 'api';
  module: string;
  path: readonly string[];
  model: ApiNode | undefined;
  /** The object the member was read from, for members of client instances. */
  receiver?: AbstractObject;
}

/** The TLS setting found at a site: written where the setting is, followed to whoever reads it. */
export interface SettingValue {
  kind: 'setting';
  site: number;
}

/** The contents of a file read at run time (`fs.readFileSync(path)`): certificate material. */
export interface FileValue {
  kind: 'file';
  /** The read call; its path argument is evaluated when the path is wanted. */
  call: ts.CallExpression | ts.NewExpression;
  pathArgument: ts.Expression | undefined;
}

/** Node's own trust store (`tls.rootCertificates`): a `ca` holding it extends the defaults (policy 5). */
export interface DefaultRootsValue {
  kind: 'default-roots';
  origin: ts.Node;
}

export type Value =
  | StringValue
  | PrimitiveValue
  | ObjectValue
  | FunctionValue
  | ClassValue
  | ApiValue
  | SettingValue
  | FileValue
  | DefaultRootsValue
  | UnknownValue;

/** The most values one set keeps; past it strings collapse to their origins, the rest to unknown. */
export const MAX_VALUES = 24;
/** Longer known text is cut to a prefix: a loop that appends forever still settles. */
const MAX_TEXT = 512;

const ids = new WeakMap<object, number>();
let nextId = 1;
/** A small number that names a node or an object for the life of the process. */
export function idOf(thing: object): number {
  let id = ids.get(thing);
  if (id === undefined) {
    id = nextId++;
    ids.set(thing, id);
  }
  return id;
}

/** Two values with the same key are the same value. */
export function keyOf(value: Value): string {
  switch (value.kind) {
    case 'string':
      return `s:${stringKey(value)}`;
    case 'primitive':
      return `p:${typeof value.value}:${String(value.value)}`;
    case 'object':
      return `o:${value.object.id}`;
    case 'function':
    case 'class':
      return `${value.kind[0]}:${idOf(value.node)}`;
    case 'api':
      return `a:${value.module}:${value.path.join('.')}:${value.receiver?.id ?? ''}`;
    case 'setting':
      return `t:${value.site}`;
    case 'file':
      return `r:${idOf(value.call)}`;
    case 'default-roots':
      return 'roots';
    case 'unknown':
      return `u:${value.reason}:${idOf(value.origin)}`;
  }
}

function stringKey(value: StringValue): string {
  return value.parts.map((part) => ('text' in part ? part.text : '\u0000')).join('');
}

/** The set of values a place may hold. Only grows; `add` says whether it did. */
/** A URL prefix that stops before its host ends: `https://`, `https://api.`. */
const UNFINISHED_HOST = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*$/i;

/**
 * Joins asked of every set (ValueSet.add), ever: the analysis' measure of its own work. The analysis
 * reads the count before and during a solve (analysis.ts, MAX_JOINS); a count is cheaper to keep
 * than time, and unlike time it stops a given tree at the same place on every machine.
 */
export const joinsAsked = { count: 0 };

export class ValueSet implements Tracked {
  private readonly byKey = new Map<string, Value>();
  /**
   * Set for the sets places hold (Analysis.location, fields, anyKey): their reads and growth are
   * tracked for the worklist (tracking.ts). A set an evaluation builds is not a place.
   */
  place = false;
  stamp = 0;
  readBy = 0;
  /** Set once strings were too many: from then on only strings with an origin of their own are kept. */
  private widened = false;
  /** Set once a limit value stands for every string, primitive and unknown of the set (widen). */
  private full = false;
  /** Holds an unknown of reason 'limit'. */
  private limited = false;

  static of(...values: Value[]): ValueSet {
    const set = new ValueSet();
    for (const value of values) set.add(value);
    return set;
  }

  /** A new empty place (see `place`). */
  static place(): ValueSet {
    const set = new ValueSet();
    set.place = true;
    return set;
  }

  get size(): number {
    if (this.place) noteRead(this);
    return this.byKey.size;
  }

  values(): IterableIterator<Value> {
    if (this.place) noteRead(this);
    return this.byKey.values();
  }

  [Symbol.iterator](): IterableIterator<Value> {
    if (this.place) noteRead(this);
    return this.byKey.values();
  }

  has(value: Value): boolean {
    if (this.place) noteRead(this);
    return this.byKey.has(keyOf(value));
  }

  add(value: Value): boolean {
    joinsAsked.count++;
    if (!this.join(value)) return false;
    grew(this);
    return true;
  }

  private join(value: Value): boolean {
    let normal = value.kind === 'string' ? normalizeString(value) : value;
    // Once a limit stands for the strings and unknowns this set had too many of, it stands for any
    // more of them too: re-adding them every round would keep the rounds from settling.
    if (this.full && isScalar(normal)) return false;
    if (this.widened && normal.kind === 'unknown' && this.limited) return false;
    if (this.widened && (normal.kind === 'string' || normal.kind === 'primitive')) {
      // Past the limit, a string counts only for the origin it starts with, or for the start it shares
      // with the other strings (a prefix that only shortens, so the rounds settle).
      if (normal.kind === 'primitive') return false;
      const origin = originPrefix(normal);
      if (!origin) return this.joinCommonPrefix(normal);
      normal = { kind: 'string', parts: [origin, { hole: limit(origin.origin, 'many strings') }] };
    }
    const key = keyOf(normal);
    if (this.byKey.has(key)) return false;
    if (normal.kind === 'string' && this.subsumes(normal)) return false;
    this.byKey.set(key, normal);
    if (normal.kind === 'unknown' && normal.reason === 'limit') this.limited = true;
    // Only strings, primitives and unknowns are widened: objects and functions are as many as the
    // places that make them, so a set of them is bounded already (and widening on each would cost).
    if (this.byKey.size > MAX_VALUES && isScalar(normal)) this.widen(normal);
    return true;
  }

  /** Adds values and returns this set (for results being built). */
  plus(values: Iterable<Value>): ValueSet {
    this.addAll(values);
    return this;
  }

  /** A copy without `value` (for results being built, never for places that hold values). */
  without(value: Value): ValueSet {
    if (this.place) noteRead(this);
    const copy = new ValueSet();
    const key = keyOf(value);
    for (const [other, item] of this.byKey) if (other !== key) copy.byKey.set(other, item);
    copy.widened = this.widened;
    copy.full = this.full;
    copy.limited = [...copy.byKey.values()].some((item) => item.kind === 'unknown' && item.reason === 'limit');
    return copy;
  }

  addAll(values: Iterable<Value>): boolean {
    let changed = false;
    for (const value of values) changed = this.add(value) || changed;
    return changed;
  }

  *ofKind<K extends Value['kind']>(kind: K): IterableIterator<Extract<Value, { kind: K }>> {
    if (this.place) noteRead(this);
    for (const value of this.byKey.values()) if (value.kind === kind) yield value as Extract<Value, { kind: K }>;
  }

  /**
   * A string this set already covers: one of its prefixes ("https://host/" then anything) matches it.
   * A prefix that ends inside a URL's host ("https://" then anything) covers no string that names the
   * whole host: that one is kept, so the report can still name the host it reaches.
   */
  private subsumes(value: StringValue): boolean {
    const text = leadingText(value);
    for (const other of this.byKey.values()) {
      if (other.kind !== 'string' || other.parts.length !== 2) continue;
      const [head, tail] = other.parts;
      if (!head || !tail || !('text' in head) || !('hole' in tail) || !text.startsWith(head.text)) continue;
      if (UNFINISHED_HOST.test(head.text) && text.length > head.text.length) continue;
      return true;
    }
    return false;
  }

  /**
   * Too many values: strings are replaced by their origins (`https://api.weixin.qq.com/` then a hole),
   * which keeps the hosts, and the rest by the start they share (`/cgi-bin` then a hole); whatever is
   * still too many becomes one unknown value.
   */
  private widen(latest: Value): void {
    this.widened = true;
    const strings = [...this.byKey.entries()].filter((entry): entry is [string, StringValue] => entry[1].kind === 'string');
    for (const [key] of strings) this.byKey.delete(key);
    for (const [, value] of strings) {
      const origin = originPrefix(value);
      if (origin) this.addPrefix(origin, origin.origin);
      else this.joinCommonPrefix(value);
    }
    if (this.byKey.size <= MAX_VALUES) return;
    // One limit value for good: a second widening keeps the first (its key must not change).
    const kept = [...this.byKey.values()].find((value) => value.kind === 'unknown' && value.reason === 'limit');
    for (const [key, value] of [...this.byKey.entries()]) {
      if (value.kind === 'string' || value.kind === 'primitive' || value.kind === 'unknown') this.byKey.delete(key);
    }
    const unknown = kept ?? limit(originNodeOf(latest), 'many values');
    this.byKey.set(keyOf(unknown), unknown);
    this.full = true;
    this.limited = true;
  }

  private addPrefix(part: { text: string; origin: ts.Node }, origin: ts.Node): boolean {
    const value: StringValue = { kind: 'string', parts: [part, { hole: limit(origin, 'many strings') }] };
    const key = keyOf(value);
    if (this.byKey.has(key)) return false;
    this.byKey.set(key, value);
    return true;
  }

  /** Folds a string with no origin into the one prefix such strings share; none left: unknown. */
  private joinCommonPrefix(value: StringValue): boolean {
    if (this.subsumes(value) || this.hasLimit()) return false;
    const leading = leadingText(value);
    const first = value.parts[0];
    const origin = first ? ('text' in first ? first.origin : first.hole.origin) : ts.factory.createEmptyStatement();
    const generic = [...this.byKey.entries()].find((entry) => entry[1].kind === 'string' && !originPrefix(entry[1] as StringValue));
    if (!generic) {
      if (leading.length === 0) return this.addLimit(origin);
      return this.addPrefix({ text: leading, origin }, origin);
    }
    const [key, existing] = generic as [string, StringValue];
    const shared = commonPrefix(leadingText(existing), leading);
    this.byKey.delete(key);
    if (shared.length === 0) return this.addLimit(origin);
    return this.addPrefix({ text: shared, origin }, origin) || true;
  }

  private hasLimit(): boolean {
    return this.limited;
  }

  private addLimit(origin: ts.Node): boolean {
    const value = limit(origin, 'many strings');
    this.byKey.set(keyOf(value), value);
    this.limited = true;
    return true;
  }
}

/** The values a set widens: strings, primitives and unknowns. */
function isScalar(value: Value): boolean {
  return value.kind === 'string' || value.kind === 'primitive' || value.kind === 'unknown';
}

function commonPrefix(a: string, b: string): string {
  let index = 0;
  while (index < a.length && index < b.length && a[index] === b[index]) index++;
  return a.slice(0, index);
}

function limit(origin: ts.Node, detail: string): UnknownValue {
  return { kind: 'unknown', reason: 'limit', origin, detail };
}

function originNodeOf(value: Value): ts.Node {
  switch (value.kind) {
    case 'unknown':
    case 'default-roots':
      return value.origin;
    case 'string': {
      const part = value.parts[0];
      return part ? ('text' in part ? part.origin : part.hole.origin) : ts.factory.createEmptyStatement();
    }
    case 'function':
    case 'class':
      return value.node;
    case 'object':
      return value.object.node;
    case 'file':
      return value.call;
    default:
      return ts.factory.createEmptyStatement();
  }
}

/** `scheme://host/` at the start of a string, as a known part, when the string starts with it. */
function originPrefix(value: StringValue): { text: string; origin: ts.Node } | undefined {
  const text = leadingText(value);
  const match = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]+[/?#]/i.exec(text);
  if (!match) return undefined;
  const first = value.parts.find((part) => 'text' in part) as { origin: ts.Node } | undefined;
  return first ? { text: match[0], origin: first.origin } : undefined;
}

/** The known text a string starts with, up to its first hole. */
export function leadingText(value: StringValue): string {
  let text = '';
  for (const part of value.parts) {
    if (!('text' in part)) break;
    text += part.text;
  }
  return text;
}

/** Is the whole string known (no hole)? */
export function isComplete(value: StringValue): boolean {
  return value.parts.every((part) => 'text' in part);
}

/** Adjacent known parts stay apart (each keeps its origin); runs of holes become one; long text is cut. */
function normalizeString(value: StringValue): StringValue {
  const parts: StringPart[] = [];
  let length = 0;
  for (const part of value.parts) {
    const previous = parts[parts.length - 1];
    if ('hole' in part) {
      if (previous && 'hole' in previous) continue;
      parts.push(part);
      continue;
    }
    if (part.text.length === 0) continue;
    if (length + part.text.length > MAX_TEXT) {
      parts.push({ text: part.text.slice(0, Math.max(0, MAX_TEXT - length)), origin: part.origin });
      parts.push({ hole: limit(part.origin, 'long text') });
      break;
    }
    length += part.text.length;
    parts.push(part);
  }
  return parts.length === value.parts.length && parts.every((part, index) => part === value.parts[index]) ? value : { kind: 'string', parts };
}

// ---- Constructors used across the analysis ----

export function text(text: string, origin: ts.Node): StringValue {
  return { kind: 'string', parts: [{ text, origin }] };
}

export function unknown(reason: UnknownReason, origin: ts.Node, detail = ''): UnknownValue {
  return { kind: 'unknown', reason, origin, detail: detail || shortText(origin) };
}

export const UNDEFINED: PrimitiveValue = { kind: 'primitive', value: undefined };
/** A number the analysis does not follow (arithmetic gives it: a loop counter must not grow forever). */
export const SOME_NUMBER: PrimitiveValue = { kind: 'primitive', value: Number.NaN };

/** The source text of a node, short enough for a message. */
export function shortText(node: ts.Node): string {
  let source: string;
  try {
    source = node.getText();
  } catch {
    return '';
  }
  const oneLine = source.replace(/\s+/g, ' ').trim();
  return oneLine.length > 60 ? `${oneLine.slice(0, 57)}...` : oneLine;
}

/** Every way two strings join end to end: the parts of both, in order. */
export function concatStrings(left: StringValue, right: StringValue): StringValue {
  return { kind: 'string', parts: [...left.parts, ...right.parts] };
}

/** A value as a string, the way `+` and template literals convert it; undefined when it cannot be told. */
export function asString(value: Value, origin: ts.Node): StringValue {
  switch (value.kind) {
    case 'string':
      return value;
    case 'primitive':
      return Number.isNaN(value.value) ? { kind: 'string', parts: [{ hole: unknown('operation', origin, 'a number') }] } : text(String(value.value), origin);
    case 'unknown':
      return { kind: 'string', parts: [{ hole: value }] };
    case 'api':
      return { kind: 'string', parts: [{ hole: unknownOfApi(value, origin) }] };
    default:
      return { kind: 'string', parts: [{ hole: unknown('operation', origin) }] };
  }
}

/** A member of a module the tables do not model, used as a value: unknown, named by its path. */
export function unknownOfApi(value: ApiValue, origin: ts.Node): UnknownValue {
  const global = value.module === '<global>';
  const name = global ? value.path.join('.') : `${value.module}${value.path.length > 0 ? `.${value.path.join('.')}` : ''}`;
  return unknown(global ? 'global' : 'module', origin, name.replace(/\.(\d+)(?=\.|$)/g, '[$1]'));
}

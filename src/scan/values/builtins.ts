// The table of modelled operations: what JavaScript's and Node's built-in functions and methods do to
// values (string building, URL resolution, copying objects, arrays, Maps, promises, file reads).
// Anything not in these tables is a call the analysis has no model for: its result is unknown and its
// arguments escape (calls.ts). Modules whose calls can do neither (loggers) are listed as harmless.
import path from 'node:path';
import { ts } from '../typescript.ts';
import { type CallLike } from '../syntax.ts';
import type { Analysis } from './analysis.ts';
import { argumentAt, bindLeadingParameters, callCallbacks, hookOptionsOf } from './calls.ts';
import { BINDING_METHODS, CONTAINER_METHODS, containerAt, nestModule } from './injection.ts';
import { concatenate, elementsOf } from './evaluate.ts';
import { PROTO, basesKey, ownEntries, readField, readPath, writeField } from './fields.ts';
import { TAIL, fieldOf, type AbstractObject } from './heap.ts';
import {
  UNDEFINED,
  ValueSet,
  asString,
  concatStrings,
  isComplete,
  leadingText,
  text,
  unknown,
  type ApiValue,
  type StringPart,
  type StringValue,
  type Value,
} from './lattice.ts';

/** A call's evaluated arguments: by position, then what a spread may put at any later position. */
export interface Args {
  values: ValueSet[];
  rest?: ValueSet;
  nodes: readonly ts.Expression[];
}

export interface OperationContext {
  a: Analysis;
  call: CallLike;
  args: Args;
  /** For methods: the receiver. */
  receiver: ValueSet | undefined;
  /** For module members: the member called. */
  api?: ApiValue;
}

export type Operation = (context: OperationContext) => ValueSet;

const arg = (context: OperationContext, index: number): ValueSet => argumentAt(context.args, index) ?? ValueSet.of(UNDEFINED);
const operationUnknown = (context: OperationContext, detail?: string): ValueSet => ValueSet.of(unknown('operation', context.call, detail));
const same = (index: number): Operation => (context) => arg(context, index);
const boolean: Operation = () => ValueSet.of({ kind: 'primitive', value: true }, { kind: 'primitive', value: false });
const nothing: Operation = () => ValueSet.of(UNDEFINED);

// ---- strings ----

/** Applies a text function to the known text of strings (case, trimming), keeping holes as they are. */
function mapText(values: Iterable<Value>, at: ts.Node, change: (text: string, first: boolean, last: boolean) => string): ValueSet {
  const result = new ValueSet();
  for (const value of values) {
    if (value.kind !== 'string') {
      result.add(value.kind === 'file' ? value : asString(value, at));
      continue;
    }
    const parts = value.parts.map((part, index): StringPart =>
      'text' in part ? { text: change(part.text, index === 0, index === value.parts.length - 1), origin: part.origin } : part,
    );
    result.add({ kind: 'string', parts });
  }
  return result;
}

const trim: Operation = (context) => mapText(context.receiver!, context.call, (text, first, last) => (first && last ? text.trim() : first ? text.trimStart() : last ? text.trimEnd() : text));

function concatAll(context: OperationContext, start: ValueSet): ValueSet {
  let result = start;
  for (let index = 0; index < context.args.values.length; index++) result = concatenate(result, arg(context, index), context.call);
  if (context.args.rest) result = concatenate(result, ValueSet.of(unknown('operation', context.call)), context.call);
  return result;
}

/**
 * `s.replace(pattern, replacement)`: exact for known strings; a regex anchored at the end (stripping a
 * trailing slash, say) keeps the origin in front; anything else is unknown.
 */
/** The source of a regex that only strips trailing slashes: `\/+$`, `\/*$`, `\/$`, `\/{1,}$`. */
const TRAILING_SLASHES = /^\\\/(?:[+*]|\{1,\})?\$$/;

const replace: Operation = (context) => {
  const result = new ValueSet();
  const patternNode = context.args.nodes[0];
  const patterns = arg(context, 0);
  const replacements = arg(context, 1);
  for (const value of context.receiver!) {
    if (value.kind !== 'string') {
      result.add(unknown('operation', context.call));
      continue;
    }
    if (patternNode && ts.isRegularExpressionLiteral(patternNode)) {
      const source = patternNode.text.slice(1, patternNode.text.lastIndexOf('/'));
      // `base.replace(/\/+$/, '')`: trailing slashes trimmed off a known string, exactly (our own regex, not the code's).
      if (TRAILING_SLASHES.test(source) && isComplete(value) && [...replacements].every((item) => item.kind === 'string' && leadingText(item) === '')) {
        const first = value.parts[0];
        result.add(text(leadingText(value).replace(/\/+$/, ''), first && 'text' in first ? first.origin : context.call));
        continue;
      }
      const origin = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]+/i.exec(leadingText(value))?.[0];
      const first = value.parts[0];
      if (source.endsWith('$') && !source.startsWith('^') && !source.includes('|') && origin && first && 'text' in first) {
        result.add({ kind: 'string', parts: [{ text: origin, origin: first.origin }, { hole: unknown('operation', context.call) }] });
      } else {
        result.add(unknown('operation', context.call));
      }
      continue;
    }
    for (const pattern of patterns) {
      for (const replacement of replacements) {
        if (isComplete(value) && pattern.kind === 'string' && isComplete(pattern) && replacement.kind === 'string' && isComplete(replacement)) {
          const method = context.call.expression.getText().endsWith('replaceAll') ? 'replaceAll' : 'replace';
          const replaced = leadingText(value)[method](leadingText(pattern), () => leadingText(replacement));
          const first = value.parts[0];
          result.add(text(replaced, first && 'text' in first ? first.origin : context.call));
        } else {
          result.add(unknown('operation', context.call));
        }
      }
    }
  }
  return result;
};

const STRING_METHODS: Record<string, Operation> = {
  concat: (context) => concatAll(context, context.receiver!),
  trim,
  trimStart: trim,
  trimEnd: trim,
  toString: (context: OperationContext) => context.receiver!,
  valueOf: (context: OperationContext) => context.receiver!,
  normalize: (context) => context.receiver!,
  toLowerCase: (context) => mapText(context.receiver!, context.call, (text) => text.toLowerCase()),
  toUpperCase: (context) => mapText(context.receiver!, context.call, (text) => text.toUpperCase()),
  replace,
  replaceAll: replace,
  startsWith: boolean,
  endsWith: boolean,
  includes: boolean,
  split: (context) => arrayOf(context, [unknown('operation', context.call)]),
};

// ---- arrays, Maps and Sets ----

function arrayOf(context: OperationContext, elements: Iterable<Value>, purpose = ''): ValueSet {
  const array = context.a.heap.objectAt(context.call, 'array', purpose);
  context.a.write(array.anyKey, elements);
  return ValueSet.of({ kind: 'object', object: array });
}

function elementsOfReceiver(context: OperationContext): ValueSet {
  return elementsOf(context.a, context.receiver!, context.call);
}

/** Calls a callback argument with each element (and the index, and the array) as its arguments. */
function eachElement(context: OperationContext, callbackIndex = 0): ValueSet {
  const callback = arg(context, callbackIndex);
  return callCallbacks(context.a, context.call, callback, {
    values: [elementsOfReceiver(context), ValueSet.of(unknown('operation', context.call, 'an index')), context.receiver!],
    nodes: [],
  });
}

/**
 * `[a, b, ...rest].join(sep)`: the known elements joined in order, then (when elements were appended)
 * a separator and what the scanner cannot list. An element that may sit anywhere makes it unknown.
 */
const join: Operation = (context) => {
  const result = new ValueSet();
  const separators = context.args.values.length > 0 ? arg(context, 0) : ValueSet.of(text(',', context.call));
  for (const value of context.receiver!) {
    if (value.kind !== 'object' || value.object.anyKey.size > 0) {
      result.add(unknown('operation', context.call));
      continue;
    }
    const fields = value.object.fields;
    let joined: ValueSet = ValueSet.of(text('', context.call));
    let index = 0;
    for (; fields.has(String(index)); index++) {
      if (index > 0) joined = concatenate(joined, separators, context.call);
      joined = concatenate(joined, fields.get(String(index))!, context.call);
    }
    if ((fields.get(TAIL)?.size ?? 0) > 0) {
      const rest = ValueSet.of(unknown('operation', context.call, 'the elements appended'));
      joined = concatenate(index > 0 ? concatenate(joined, separators, context.call) : joined, rest, context.call);
    }
    result.addAll(joined);
  }
  return result;
};

const sameElements: Operation = (context) => arrayOf(context, elementsOfReceiver(context));

/**
 * shift, unshift, splice, reverse, sort, copyWithin move elements to other indexes: after one, any
 * index may hold any element, so each is written to every index (`hosts[0]` after `hosts.push(hosts.shift())`).
 */
function reordered(context: OperationContext): void {
  for (const target of context.receiver!) {
    if (target.kind !== 'object' || target.object.kind !== 'array') continue;
    const elements = new ValueSet();
    for (const values of target.object.fields.values()) elements.addAll(values);
    context.a.write(target.object.anyKey, elements);
  }
}

const ARRAY_METHODS: Record<string, Operation> = {
  push: (context) => {
    for (const target of context.receiver!) if (target.kind === 'object') context.a.write(fieldOf(target.object, TAIL), allArgs(context));
    return operationUnknown(context);
  },
  unshift: (context) => {
    reordered(context);
    for (const target of context.receiver!) if (target.kind === 'object') context.a.write(target.object.anyKey, allArgs(context));
    return operationUnknown(context);
  },
  add: (context) => {
    ARRAY_METHODS['push']!(context);
    return context.receiver!;
  },
  splice: (context) => {
    reordered(context);
    for (const target of context.receiver!) {
      if (target.kind === 'object') for (let index = 2; index < context.args.values.length; index++) context.a.write(target.object.anyKey, arg(context, index));
    }
    return sameElements(context);
  },
  fill: (context) => {
    for (const target of context.receiver!) if (target.kind === 'object') context.a.write(target.object.anyKey, arg(context, 0));
    return context.receiver!;
  },
  concat: (context) => {
    const elements = elementsOfReceiver(context);
    for (const values of [...context.args.values, ...(context.args.rest ? [context.args.rest] : [])]) {
      for (const value of values) {
        if (value.kind === 'object' && value.object.kind === 'array') elements.addAll(elementsOf(context.a, [value], context.call));
        else elements.add(value);
      }
    }
    return arrayOf(context, elements);
  },
  join,
  map: (context) => arrayOf(context, eachElement(context)),
  flatMap: (context) => arrayOf(context, elementsOf(context.a, eachElement(context), context.call)),
  forEach: (context) => {
    eachElement(context);
    return ValueSet.of(UNDEFINED);
  },
  filter: (context) => {
    eachElement(context);
    return sameElements(context);
  },
  find: (context) => {
    eachElement(context);
    const found = elementsOfReceiver(context);
    found.add(UNDEFINED);
    return found;
  },
  findLast: (context) => ARRAY_METHODS['find']!(context),
  some: (context) => {
    eachElement(context);
    return boolean(context);
  },
  every: (context) => ARRAY_METHODS['some']!(context),
  findIndex: (context) => {
    eachElement(context);
    return operationUnknown(context);
  },
  reduce: (context) => {
    const callback = arg(context, 0);
    const initial = context.args.values.length > 1 ? arg(context, 1) : elementsOfReceiver(context);
    const accumulator = new ValueSet();
    accumulator.addAll(initial);
    for (const fn of callback) if (fn.kind === 'function') accumulator.addAll(context.a.returnsOf(fn.node));
    return callCallbacks(context.a, context.call, callback, { values: [accumulator, elementsOfReceiver(context)], nodes: [] }).plus(initial);
  },
  reduceRight: (context) => ARRAY_METHODS['reduce']!(context),
  slice: sameElements,
  reverse: (context) => {
    reordered(context);
    return context.receiver!;
  },
  sort: (context) => {
    reordered(context);
    return context.receiver!;
  },
  copyWithin: (context) => {
    reordered(context);
    return context.receiver!;
  },
  toSorted: sameElements,
  toReversed: sameElements,
  flat: (context) => arrayOf(context, elementsOf(context.a, elementsOfReceiver(context), context.call)),
  values: sameElements,
  at: (context) => elementsOfReceiver(context).plus([UNDEFINED]),
  pop: (context) => ARRAY_METHODS['at']!(context),
  shift: (context) => {
    reordered(context);
    return ARRAY_METHODS['at']!(context);
  },
  includes: boolean,
  indexOf: (context) => operationUnknown(context),
  has: boolean,
  keys: (context) => arrayOf(context, [unknown('operation', context.call)]),
  entries: (context) => arrayOf(context, [pairArray(context, unknown('operation', context.call), elementsOfReceiver(context))]),
  toString: (context: OperationContext) => join(context),
};

function pairArray(context: OperationContext, key: Value, values: ValueSet): Value {
  const pair = context.a.heap.objectAt(context.call, 'array', 'pair');
  context.a.write(fieldOf(pair, '0'), [key]);
  context.a.write(fieldOf(pair, '1'), values);
  return { kind: 'object', object: pair };
}

/** Map keys the analysis can name: known strings; anything else is unknown (undefined). */
function knownKeys(values: ValueSet): string[] | undefined {
  const keys: string[] = [];
  for (const value of values) {
    if (value.kind === 'string' && isComplete(value)) keys.push(leadingText(value));
    else if (value.kind === 'primitive' && value.value !== undefined && value.value !== null) keys.push(String(value.value));
    else return undefined;
  }
  return keys;
}

const MAP_METHODS: Record<string, Operation> = {
  set: (context) => {
    const keys = knownKeys(arg(context, 0));
    for (const target of context.receiver!) {
      if (target.kind !== 'object') continue;
      if (keys === undefined) context.a.write(target.object.anyKey, arg(context, 1));
      else for (const key of keys) context.a.write(fieldOf(target.object, key), arg(context, 1));
    }
    return context.receiver!;
  },
  // An unknown key reads the join of the table (DESIGN.md policy 4); a known key its entry, if any.
  get: (context) => {
    const keys = knownKeys(arg(context, 0));
    const result = new ValueSet();
    for (const target of context.receiver!) {
      if (target.kind !== 'object') continue;
      if (keys === undefined) for (const field of target.object.fields.values()) result.addAll(field);
      else for (const key of keys) result.addAll(target.object.fields.get(key) ?? []);
      result.addAll(target.object.anyKey);
    }
    return result;
  },
  has: boolean,
  delete: boolean,
  values: (context) => arrayOf(context, mapValues(context)),
  forEach: (context) => {
    callCallbacks(context.a, context.call, arg(context, 0), { values: [mapValues(context), ValueSet.of(unknown('operation', context.call))], nodes: [] });
    return ValueSet.of(UNDEFINED);
  },
  entries: (context) => arrayOf(context, elementsOf(context.a, context.receiver!, context.call)),
  keys: (context) => arrayOf(context, [unknown('operation', context.call)]),
};

/**
 * `store.set(key, value)` and `store.get(key)` on a value the analysis cannot model (an Express app's
 * settings, a config or cache library's instance). The library may hold anything, so a read stays
 * unknown; but what the loaded code stored under the key is also there, and a WeChat base URL set in one
 * module and read in another is evidence the pin serves WeChat (and a second `set` a second host).
 * One store per unknown value (per the place it came from), so two apps are never mixed up.
 */
export const OPAQUE_STORE_METHODS: Record<string, Operation> = {
  set: (context) => {
    if (context.args.values.length !== 2 || context.args.rest) return new ValueSet();
    const keys = knownKeys(arg(context, 0));
    for (const store of opaqueStores(context)) {
      if (keys === undefined) context.a.write(store.anyKey, arg(context, 1));
      else for (const key of keys) context.a.write(fieldOf(store, key), arg(context, 1));
    }
    return new ValueSet();
  },
  // One argument only: `app.get('/path', handler)` registers a route, it reads nothing.
  get: (context) => {
    if (context.args.values.length !== 1 || context.args.rest) return new ValueSet();
    const keys = knownKeys(arg(context, 0));
    const result = new ValueSet();
    for (const store of opaqueStores(context)) {
      if (keys === undefined) for (const field of store.fields.values()) result.addAll(field);
      else for (const key of keys) result.addAll(store.fields.get(key) ?? []);
      result.addAll(store.anyKey);
    }
    return result;
  },
};

function opaqueStores(context: OperationContext): AbstractObject[] {
  return [...context.receiver!].flatMap((value) => (value.kind === 'unknown' ? [context.a.heap.objectAt(value.origin, 'map', 'opaque-store')] : []));
}

function mapValues(context: OperationContext): ValueSet {
  const result = new ValueSet();
  for (const target of context.receiver!) {
    if (target.kind !== 'object') continue;
    for (const field of target.object.fields.values()) result.addAll(field);
    result.addAll(target.object.anyKey);
  }
  return result;
}

/** `new Map(entries)`: an entry with a known key sits under that key; the rest under any key. */
function newMap(context: OperationContext): ValueSet {
  const map = context.a.heap.objectAt(context.call, 'map');
  for (const pair of elementsOf(context.a, arg(context, 0), context.call)) {
    const keys = knownKeys(readField(context.a, [pair], '0', context.call));
    const values = readField(context.a, [pair], '1', context.call);
    if (keys === undefined) context.a.write(map.anyKey, values);
    else for (const key of keys) context.a.write(fieldOf(map, key), values);
  }
  return ValueSet.of({ kind: 'object', object: map });
}

// ---- event emitters ----

/**
 * `emitter.on(name, listener)` and `emitter.emit(name, ...args)`: every listener of a name is called
 * with every argument list emitted under it (flow-insensitive: whichever runs first). A name the
 * analysis cannot read joins every name.
 */
const ANY_EVENT = '*';

function eventNames(context: OperationContext): string[] {
  return knownKeys(arg(context, 0)) ?? [ANY_EVENT];
}

function emittedField(emitter: AbstractObject, event: string, position: number): ValueSet {
  return fieldOf(emitter, `<emitted:${event}:${position}>`);
}

function listen(context: OperationContext): ValueSet {
  const listeners = arg(context, 1);
  for (const target of context.receiver!) {
    if (target.kind !== 'object') continue;
    const emitter = target.object;
    for (const event of eventNames(context)) {
      context.a.write(fieldOf(emitter, `<listeners:${event}>`), listeners);
      // What was emitted under this name, under any name, or (for an unknown name) under every name.
      const sources = event === ANY_EVENT ? emittedEvents(emitter) : [event, ANY_EVENT];
      const values = [0, 1, 2, 3].map((position) => {
        const joined = new ValueSet();
        for (const source of sources) joined.addAll(emittedField(emitter, source, position));
        return joined;
      });
      callCallbacks(context.a, context.call, listeners, { values, rest: emittedRest(emitter, sources), nodes: [] });
    }
  }
  return context.receiver!;
}

function emittedEvents(emitter: AbstractObject): string[] {
  const events = new Set<string>([ANY_EVENT]);
  for (const key of emitter.fields.keys()) {
    const match = /^<emitted:(.*):\d+>$/.exec(key);
    if (match) events.add(match[1]!);
  }
  return [...events];
}

function emittedRest(emitter: AbstractObject, sources: readonly string[]): ValueSet {
  const rest = new ValueSet();
  for (const source of sources) rest.addAll(emittedField(emitter, source, 4));
  return rest;
}

export const EMITTER_METHODS: Record<string, Operation> = {
  on: listen,
  once: listen,
  addListener: listen,
  prependListener: listen,
  prependOnceListener: listen,
  off: (context) => context.receiver!,
  removeListener: (context) => context.receiver!,
  removeAllListeners: (context) => context.receiver!,
  setMaxListeners: (context) => context.receiver!,
  emit: (context) => {
    for (const target of context.receiver!) {
      if (target.kind !== 'object') continue;
      for (const event of eventNames(context)) {
        // Positions 0–3 one by one; the fifth argument on (and a spread) at position 4, read as the rest.
        context.args.values.slice(1).forEach((values, index) => context.a.write(emittedField(target.object, event, Math.min(index, 4)), values));
        if (context.args.rest) context.a.write(emittedField(target.object, event, 4), context.args.rest);
      }
    }
    return boolean(context);
  },
  listenerCount: () => ValueSet.of({ kind: 'primitive', value: 0 }),
};

function newEmitter(context: OperationContext): ValueSet {
  return ValueSet.of({ kind: 'object', object: context.a.heap.objectAt(context.call, 'emitter') });
}

// ---- functions and promises ----

const FUNCTION_METHODS: Record<string, Operation> = {
  call: (context) => callCallbacks(context.a, context.call, context.receiver!, { values: context.args.values.slice(1), rest: context.args.rest, nodes: [] }, arg(context, 0)),
  apply: (context) => callCallbacks(context.a, context.call, context.receiver!, positionalArgs(context, arg(context, 1)), arg(context, 0)),
  // A bound function: the arguments given here come first in every call of it (calls.ts).
  bind: (context) => {
    const bound = context.a.heap.objectAt(context.call, 'bound');
    context.a.write(fieldOf(bound, '<target>'), context.receiver!);
    context.a.write(fieldOf(bound, '<this>'), arg(context, 0));
    context.args.values.slice(1).forEach((values, index) => context.a.write(fieldOf(bound, String(index)), values));
    if (context.args.rest) context.a.write(bound.anyKey, context.args.rest);
    // Code that calls the target without going through the bound value (a model that takes only
    // functions, code outside the tree the bound function leaves for) still sees the bound `this` and
    // the bound arguments.
    for (const fn of context.receiver!) {
      if (fn.kind !== 'function') continue;
      if (!ts.isArrowFunction(fn.node)) context.a.write(context.a.thisOf(fn.node), arg(context, 0));
      bindLeadingParameters(context.a, fn.node, context.args.values.slice(1));
    }
    return ValueSet.of({ kind: 'object', object: bound });
  },
};

/**
 * `fn.apply(self, [a, b])`: an array whose elements sit at known indexes gives them position by position;
 * anything else (an unknown array, elements pushed at no known index) may be any argument.
 */
function positionalArgs(context: OperationContext, arrays: ValueSet): Args {
  const values: ValueSet[] = [];
  const rest = new ValueSet();
  for (const array of arrays) {
    if (array.kind !== 'object' || array.object.kind !== 'array') {
      rest.addAll(elementsOf(context.a, ValueSet.of(array), context.call));
      continue;
    }
    for (const [key, members] of array.object.fields) {
      if (!/^\d+$/.test(key)) {
        rest.addAll(members);
        continue;
      }
      const index = Number(key);
      while (values.length <= index) values.push(new ValueSet());
      values[index]!.addAll(members);
    }
    rest.addAll(array.object.anyKey);
  }
  return { values, rest: rest.size > 0 ? rest : undefined, nodes: [] };
}

/** `p.then(f)`, `p.catch(f)`, `p.finally(f)` on any value: promises are the values they resolve to. */
export function promiseMethod(name: string): Operation | undefined {
  switch (name) {
    case 'then':
      return (context) => {
        const fulfilled = callCallbacks(context.a, context.call, arg(context, 0), { values: [context.receiver!], nodes: [] });
        const rejected = callCallbacks(context.a, context.call, argumentAt(context.args, 1) ?? [], { values: [ValueSet.of(unknown('input', context.call, 'an error'))], nodes: [] });
        return fulfilled.plus(rejected);
      };
    case 'catch':
      return (context) => {
        const caught = callCallbacks(context.a, context.call, arg(context, 0), { values: [ValueSet.of(unknown('input', context.call, 'an error'))], nodes: [] });
        return caught.plus(context.receiver!);
      };
    case 'finally':
      return (context) => {
        callCallbacks(context.a, context.call, arg(context, 0), { values: [], nodes: [] });
        return context.receiver!;
      };
    default:
      return undefined;
  }
}

/** `new Promise((resolve) => resolve(x))`: the promise is what its executor resolves it with. */
function newPromise(context: OperationContext): ValueSet {
  const holder = context.a.heap.objectAt(context.call, 'literal', 'promise');
  const resolve: ApiValue = { kind: 'api', module: '<promise>', path: ['resolve'], model: undefined, receiver: holder };
  const reject: ApiValue = { kind: 'api', module: '<promise>', path: ['reject'], model: undefined, receiver: holder };
  callCallbacks(context.a, context.call, arg(context, 0), { values: [ValueSet.of(resolve), ValueSet.of(reject)], nodes: [] });
  return holder.fields.get('value') ?? new ValueSet();
}

// ---- objects ----

/** Copies every field of the sources into the targets (Object.assign, lodash merge/defaults/assign). */
const assign: Operation = (context) => {
  const targets = arg(context, 0);
  const sources = [...context.args.values.slice(1), ...(context.args.rest ? [context.args.rest] : [])];
  for (const source of sources) copyFields(context, targets, source);
  return targets;
};

function copyFields(context: OperationContext, targets: ValueSet, sources: ValueSet): void {
  for (const source of sources) {
    if (source.kind === 'object') {
      for (const [key, values] of ownEntries(context.a, source.object, context.call)) writeField(context.a, targets, key, values, context.call);
      if (source.object.anyKey.size > 0) writeField(context.a, targets, undefined, source.object.anyKey, context.call);
    } else if (source.kind === 'unknown') {
      writeField(context.a, targets, undefined, ValueSet.of(unknown(source.reason, context.call)), context.call);
    }
  }
}

/** `extend([deep,] target, ...sources)` (jQuery's, the `extend` package): a leading boolean says deep or not. */
const extendOperation: Operation = (context) => {
  const first = arg(context, 0);
  const flagged = first.size > 0 && [...first].every((value) => value.kind === 'primitive' && typeof value.value === 'boolean');
  if (!flagged) return assign(context);
  return assign({ ...context, args: { values: context.args.values.slice(1), rest: context.args.rest, nodes: context.args.nodes.slice(1) } });
};

/** `deepmerge(a, b)`, `xtend(a, b)`, `defaults(opts, defaults)`: a new object holding every field of the arguments. */
const mergeIntoNew: Operation = (context) => {
  const merged = ValueSet.of({ kind: 'object', object: context.a.heap.objectAt(context.call, 'literal', 'merged') });
  for (const source of [...context.args.values, ...(context.args.rest ? [context.args.rest] : [])]) copyFields(context, merged, source);
  return merged;
};

/** `deepmerge.all([a, b])`: the same over the elements of an array. */
const mergeAllIntoNew: Operation = (context) => {
  const merged = ValueSet.of({ kind: 'object', object: context.a.heap.objectAt(context.call, 'literal', 'merged') });
  copyFields(context, merged, elementsOf(context.a, arg(context, 0), context.call));
  return merged;
};

/**
 * `Object.defineProperty(o, key, { value })` (or `{ get() {…} }`): a write to `o[key]` of the value, or of
 * what the getter returns. A key the analysis cannot read writes any key.
 */
function defineProperty(context: OperationContext, key: ValueSet, descriptors: ValueSet): void {
  const keys = knownKeys(key);
  const values = readField(context.a, descriptors, 'value', context.call);
  for (const getter of readField(context.a, descriptors, 'get', context.call)) {
    if (getter.kind === 'function') values.addAll(context.a.returnsOf(getter.node));
    else if (getter.kind === 'unknown') values.add(getter);
  }
  for (const descriptor of descriptors) if (descriptor.kind === 'unknown') values.add(descriptor);
  if (keys === undefined) writeField(context.a, arg(context, 0), undefined, values, context.call);
  else for (const name of keys) writeField(context.a, arg(context, 0), name, values, context.call);
}

const DEFINE_PROPERTY: Operation = (context) => {
  defineProperty(context, arg(context, 1), arg(context, 2));
  return arg(context, 0);
};

const DEFINE_PROPERTIES: Operation = (context) => {
  for (const map of arg(context, 1)) {
    if (map.kind === 'object') {
      for (const [key, descriptors] of ownEntries(context.a, map.object, context.call)) defineProperty(context, ValueSet.of(text(key, context.call)), descriptors);
      if (map.object.anyKey.size > 0) defineProperty(context, ValueSet.of(unknown('operation', context.call)), map.object.anyKey);
    } else if (map.kind === 'unknown') {
      writeField(context.a, arg(context, 0), undefined, ValueSet.of(map), context.call);
    }
  }
  return arg(context, 0);
};

/** `Reflect.set(o, key, value)`: `o[key] = value`. */
const REFLECT_SET: Operation = (context) => {
  const keys = knownKeys(arg(context, 1));
  if (keys === undefined) writeField(context.a, arg(context, 0), undefined, arg(context, 2), context.call);
  else for (const key of keys) writeField(context.a, arg(context, 0), key, arg(context, 2), context.call);
  return boolean(context);
};

/** `Reflect.get(o, key)`: `o[key]`. */
const REFLECT_GET: Operation = (context) => {
  const keys = knownKeys(arg(context, 1));
  if (keys === undefined) return readField(context.a, arg(context, 0), undefined, context.call);
  const result = new ValueSet();
  for (const key of keys) result.addAll(readField(context.a, arg(context, 0), key, context.call));
  return result;
};

function objectValues(context: OperationContext): ValueSet {
  return readField(context.a, arg(context, 0), undefined, context.call);
}

/** `_.get(object, 'a.b', fallback)`: the path read, or the fallback. */
const lodashGet: Operation = (context) => {
  const keys = knownKeys(arg(context, 1));
  const result = new ValueSet();
  if (keys === undefined) result.add(unknown('operation', context.call));
  else for (const key of keys) result.addAll(readPath(context.a, arg(context, 0), key.split('.'), context.call));
  if (context.args.values.length > 2) result.addAll(arg(context, 2));
  return result;
};

/**
 * `_.set(object, 'a.b', value)` (and setWith, update's path): a write at the end of the path. The
 * objects on the way are read as they are; a path the analysis cannot read writes any key of the object.
 */
const lodashSet: Operation = (context) => {
  const keys = knownKeys(arg(context, 1));
  const value = context.api?.path[0] === 'update' ? ValueSet.of(unknown('operation', context.call)) : arg(context, 2);
  if (keys === undefined) {
    writeField(context.a, arg(context, 0), undefined, value, context.call);
    return arg(context, 0);
  }
  for (const key of keys) {
    const path = key.replace(/\[(\w+)\]/g, '.$1').split('.').filter((part) => part !== '');
    const holders = path.length > 1 ? readPath(context.a, arg(context, 0), path.slice(0, -1), context.call) : arg(context, 0);
    writeField(context.a, holders, path[path.length - 1], value, context.call);
  }
  return arg(context, 0);
};

/**
 * axios-retry: `axiosRetry(instance, { onRetry(count, error, requestConfig) })` re-sends a request
 * with the config its callback may change: the callback gets the options every request of the
 * instance is sent with, as an interceptor does.
 */
const axiosRetry: Operation = (context) => {
  for (const client of arg(context, 0)) {
    if (client.kind !== 'object' || client.object.kind !== 'client') continue;
    const requestOptions = ValueSet.of({ kind: 'object', object: hookOptionsOf(context.a, client.object) });
    const callbacks = readField(context.a, arg(context, 1), 'onRetry', context.call);
    const anything = ValueSet.of(unknown('input', context.call, 'axios-retry'));
    callCallbacks(context.a, context.call, callbacks, { values: [anything, anything, requestOptions], nodes: [] });
  }
  return ValueSet.of(UNDEFINED);
};

// ---- URLs and paths ----

/** The origin (`https://host`) a string starts with, when its whole host is known. */
function originOf(value: StringValue): { text: string; origin: ts.Node } | undefined {
  const leading = leadingText(value);
  const match = /^([a-z][a-z0-9+.-]*:)?\/\/([^/?#]*)/i.exec(leading);
  if (!match) return undefined;
  const hostEnded = match[0].length < leading.length || isComplete(value);
  const first = value.parts[0];
  return hostEnded && first && 'text' in first ? { text: match[0], origin: first.origin } : undefined;
}

/** `new URL(input, base)` / `url.resolve(base, input)`: an absolute input keeps its host; a path takes the base's. */
function resolveUrl(inputs: ValueSet, bases: ValueSet | undefined, at: ts.Node): ValueSet {
  const result = new ValueSet();
  for (const input of inputs) {
    if (input.kind !== 'string') {
      result.add(input.kind === 'unknown' ? unknown(input.reason, at, input.detail) : unknown('operation', at));
      continue;
    }
    const leading = leadingText(input);
    if (/^[a-z][a-z0-9+.-]*:/i.test(leading)) {
      result.add(input);
      continue;
    }
    const first = input.parts[0];
    if (!first || 'hole' in first || !bases) {
      // Nothing known at the start: it could be an absolute URL of its own.
      result.add(first && 'hole' in first ? first.hole : unknown('operation', at));
      continue;
    }
    for (const base of bases) {
      const origin = base.kind === 'string' ? originOf(base) : undefined;
      if (!origin) {
        result.add(base.kind === 'unknown' ? base : unknown('operation', at));
        continue;
      }
      const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(origin.text)?.[0] ?? 'https:';
      const head = leading.startsWith('//') ? scheme : origin.text;
      const joiner = leading.startsWith('/') || leading.startsWith('?') || leading.startsWith('#') ? '' : '/';
      result.add(concatStrings(text(head + joiner, origin.origin), input));
    }
  }
  return result;
}

/** `url.format({ protocol, hostname, port, pathname })`, or `url.format(urlString)`. */
const formatUrl: Operation = (context) => {
  const result = new ValueSet();
  for (const value of arg(context, 0)) {
    if (value.kind === 'string' || value.kind === 'unknown') {
      result.add(value);
      continue;
    }
    if (value.kind !== 'object') continue;
    const read = (key: string): ValueSet => readField(context.a, [value], key, context.call).without(UNDEFINED);
    const protocols = read('protocol');
    const hosts = read('hostname').size > 0 ? read('hostname') : read('host');
    const withColon = new ValueSet();
    for (const protocol of protocols.size > 0 ? protocols : ValueSet.of(text('http:', context.call))) {
      withColon.add(protocol.kind === 'string' && !leadingText(protocol).endsWith(':') ? concatStrings(protocol, text(':', context.call)) : protocol);
    }
    let url = concatenate(withColon, ValueSet.of(text('//', context.call)), context.call);
    url = concatenate(url, hosts, context.call);
    if (read('port').size > 0) url = concatenate(url, concatenate(ValueSet.of(text(':', context.call)), read('port'), context.call), context.call);
    const paths = read('pathname').size > 0 ? read('pathname') : read('path');
    url = concatenate(url, paths.size > 0 ? paths : ValueSet.of(text('/', context.call)), context.call);
    if (read('search').size > 0 || read('query').size > 0) url = concatenate(url, ValueSet.of(unknown('operation', context.call, 'a query')), context.call);
    result.addAll(url);
  }
  return result;
};

/**
 * `url.parse(s)` (and `new url.Url`-style objects): an object whose `href` is s and whose `hostname` /
 * `host` are s's host when s starts with a known origin; what the scanner cannot tell is unknown.
 */
const parseUrl: Operation = (context) => {
  const object = context.a.heap.objectAt(context.call, 'literal', 'url');
  for (const value of arg(context, 0)) {
    context.a.write(fieldOf(object, 'href'), [value]);
    const origin = value.kind === 'string' ? originOf(value) : undefined;
    const host = origin ? /\/\/([^/?#]*)/.exec(origin.text)?.[1] : undefined;
    const hostValues = host !== undefined ? [text(host, origin!.origin)] : [value.kind === 'unknown' ? value : unknown('operation', context.call)];
    for (const key of ['host', 'hostname']) context.a.write(fieldOf(object, key), hostValues);
    for (const key of ['path', 'pathname', 'search', 'query', 'hash', 'port', 'protocol']) context.a.write(fieldOf(object, key), [unknown('operation', context.call)]);
  }
  return ValueSet.of({ kind: 'object', object });
};

/** path.join / path.resolve over known parts; a relative result is relative to the working directory. */
function pathOperation(kind: 'join' | 'resolve'): Operation {
  return (context) => {
    let results: string[][] = [[]];
    for (let index = 0; index < context.args.values.length; index++) {
      const next: string[][] = [];
      for (const value of arg(context, index)) {
        if (value.kind !== 'string' || !isComplete(value)) return operationUnknown(context, 'a path');
        for (const parts of results) next.push([...parts, leadingText(value)]);
      }
      // Too many paths to follow: the rest is unknown, never dropped.
      if (next.length > 16) return operationUnknown(context, 'a path');
      results = next;
    }
    return ValueSet.of(
      ...results.map((parts) => {
        const absoluteFrom = kind === 'resolve' ? parts.map((part) => path.posix.isAbsolute(part)).lastIndexOf(true) : -1;
        const joined = path.posix.join(...(absoluteFrom >= 0 ? parts.slice(absoluteFrom) : parts));
        return text(joined, context.call);
      }),
    );
  };
}

/** `fs.readFileSync(path)` and kin: the file's contents, certificate material when it is a certificate. */
const readFile: Operation = (context) => {
  const contents: Value = { kind: 'file', call: context.call, pathArgument: context.args.nodes[0] };
  // The callback form: `fs.readFile(path, (error, data) => …)`.
  const callback = context.args.values[context.args.values.length - 1];
  if (context.args.values.length > 1 && callback && [...callback].some((value) => value.kind === 'function')) {
    callCallbacks(context.a, context.call, callback, { values: [ValueSet.of(UNDEFINED), ValueSet.of(contents)], nodes: [] });
    return ValueSet.of(UNDEFINED);
  }
  return ValueSet.of(contents);
};

function encode(change: (text: string) => string): Operation {
  return (context) => mapText(arg(context, 0), context.call, (text) => change(text));
}

// ---- the table ----

/** Module members and globals, by `module:path` (`<global>:Object.assign`, `url:resolve`, `lodash:merge`). */
export const BUILTINS: Record<string, Operation> = {
  '<global>:String': (context) => mapText(arg(context, 0), context.call, (text) => text),
  '<global>:encodeURIComponent': encode(encodeURIComponent),
  '<global>:encodeURI': encode(encodeURI),
  '<global>:URL': (context) => resolveUrl(arg(context, 0), context.args.values.length > 1 ? arg(context, 1) : undefined, context.call),
  '<global>:Map': newMap,
  'events:': newEmitter,
  'events:EventEmitter': newEmitter,
  '<global>:Set': (context) => arrayOf(context, elementsOf(context.a, arg(context, 0), context.call)),
  '<global>:Array.from': (context) => arrayOf(context, elementsOf(context.a, arg(context, 0), context.call)),
  '<global>:Array.of': (context) => arrayOf(context, allArgs(context)),
  '<global>:Array.isArray': boolean,
  '<global>:Object.assign': assign,
  // `Symbol.for(key)` is the same symbol wherever the key is the same (a DI token): one value per key.
  '<global>:Symbol.for': (context) => {
    const keys = knownKeys(arg(context, 0));
    return keys?.length === 1 ? ValueSet.of(text(`Symbol.for(${keys[0]})`, context.call)) : operationUnknown(context);
  },
  'inversify:Container': containerAt,
  '@nestjs/common:Module': nestModule,
  // tsyringe's caching wrappers hand the factory on as it is.
  'tsyringe:instanceCachingFactory': same(0),
  'tsyringe:instancePerContainerCachingFactory': same(0),
  // `Object.create(proto, descriptors)`: a new object whose missing members are proto's (fields.ts).
  '<global>:Object.create': (context) => {
    const created = context.a.heap.objectAt(context.call, 'literal', 'created');
    context.a.write(fieldOf(created, PROTO), arg(context, 0));
    const self = ValueSet.of({ kind: 'object', object: created });
    if (context.args.values.length > 1) DEFINE_PROPERTIES({ ...context, args: { values: [self, arg(context, 1)], nodes: [] } });
    return self;
  },
  '<global>:Object.setPrototypeOf': (context) => {
    for (const target of arg(context, 0)) if (target.kind === 'object') context.a.write(fieldOf(target.object, PROTO), arg(context, 1));
    return arg(context, 0);
  },
  '<global>:Reflect.setPrototypeOf': (context) => {
    for (const target of arg(context, 0)) if (target.kind === 'object') context.a.write(fieldOf(target.object, PROTO), arg(context, 1));
    return boolean(context);
  },
  '<global>:Object.defineProperty': DEFINE_PROPERTY,
  '<global>:Object.defineProperties': DEFINE_PROPERTIES,
  '<global>:Reflect.defineProperty': (context) => {
    DEFINE_PROPERTY(context);
    return boolean(context);
  },
  '<global>:Reflect.set': REFLECT_SET,
  '<global>:Reflect.get': REFLECT_GET,
  '<global>:Object.freeze': same(0),
  '<global>:Object.seal': same(0),
  '<global>:Object.preventExtensions': same(0),
  '<global>:Object.keys': (context) => arrayOf(context, [unknown('operation', context.call, 'a property name')]),
  '<global>:Object.values': (context) => arrayOf(context, objectValues(context)),
  '<global>:Object.entries': (context) => arrayOf(context, [pairArray(context, unknown('operation', context.call, 'a property name'), objectValues(context))]),
  '<global>:Object.fromEntries': (context) => {
    const object = context.a.heap.objectAt(context.call, 'literal');
    for (const pair of elementsOf(context.a, arg(context, 0), context.call)) {
      const keys = knownKeys(readField(context.a, [pair], '0', context.call));
      const values = readField(context.a, [pair], '1', context.call);
      if (keys === undefined) context.a.write(object.anyKey, values);
      else for (const key of keys) context.a.write(fieldOf(object, key), values);
    }
    return ValueSet.of({ kind: 'object', object });
  },
  '<global>:structuredClone': same(0),
  '<global>:Promise': newPromise,
  '<global>:Promise.all': same(0),
  '<global>:Promise.allSettled': same(0),
  '<global>:Promise.race': (context) => elementsOf(context.a, arg(context, 0), context.call),
  '<global>:Promise.any': (context) => elementsOf(context.a, arg(context, 0), context.call),
  '<global>:Promise.resolve': same(0),
  '<global>:Promise.reject': () => new ValueSet(),
  '<promise>:resolve': (context) => {
    if (context.api?.receiver) context.a.write(fieldOf(context.api.receiver, 'value'), arg(context, 0));
    return ValueSet.of(UNDEFINED);
  },
  '<promise>:reject': nothing,
  // A class decorator's `context.addInitializer(fn)`: fn runs with `this` = the class (writes.ts).
  '<decorator>:addInitializer': (context) => {
    const self = context.api?.receiver ? readField(context.a, [{ kind: 'object', object: context.api.receiver }], '<class>', context.call) : undefined;
    callCallbacks(context.a, context.call, arg(context, 0), { values: [], nodes: [] }, self);
    return ValueSet.of(UNDEFINED);
  },
  '<global>:JSON.parse': (context) => ValueSet.of(unknown('input', context.call, 'parsed JSON')),
  '<global>:Buffer.from': same(0),
  '<global>:Buffer.concat': (context) => elementsOf(context.a, arg(context, 0), context.call),
  '<global>:require.resolve': (context) =>
    mapText(arg(context, 0), context.call, (text) => (text.startsWith('.') ? path.posix.join(path.posix.dirname(context.call.getSourceFile().fileName), text) : text)),
  '<global>:process.cwd': (context) => ValueSet.of(text('.', context.call)),
  '<global>:setTimeout': (context) => {
    callCallbacks(context.a, context.call, arg(context, 0), { values: [], nodes: [] });
    return operationUnknown(context);
  },
  'url:resolve': (context) => resolveUrl(arg(context, 1), arg(context, 0), context.call),
  'url:URL': (context) => resolveUrl(arg(context, 0), context.args.values.length > 1 ? arg(context, 1) : undefined, context.call),
  'url:format': formatUrl,
  'url:parse': parseUrl,
  'url:fileURLToPath': (context) => mapText(arg(context, 0), context.call, (text) => (text.startsWith('file://') ? decodeURIComponent(text.slice('file://'.length)) : text)),
  'url:pathToFileURL': (context) => mapText(arg(context, 0), context.call, (text) => `file://${text}`),
  'path:join': pathOperation('join'),
  'path:resolve': pathOperation('resolve'),
  'path:normalize': pathOperation('join'),
  'fs:readFileSync': readFile,
  'fs:readFile': readFile,
  'fs:promises.readFile': readFile,
  'fs:existsSync': boolean,
  'util:promisify': same(0),
  'util:inherits': (context) => {
    for (const child of arg(context, 0)) if (child.kind === 'function') context.a.write(context.a.location(basesKey(child.node)), arg(context, 1));
    return ValueSet.of(UNDEFINED);
  },
  // NestJS's ConfigService: a value from the environment, or the default given.
  '@nestjs/config:ConfigService.().get': (context) => ValueSet.of(unknown('environment', context.call, `ConfigService.get(${context.args.nodes[0]?.getText() ?? ''})`)).plus(context.args.values.length > 1 ? arg(context, 1) : []),
  'tls:getCACertificates': (context) => ValueSet.of({ kind: 'default-roots', origin: context.call }),
  'lodash:merge': assign,
  'lodash:mergeWith': assign,
  'lodash:assign': assign,
  'lodash:assignIn': assign,
  'lodash:extend': assign,
  'lodash:defaults': assign,
  'lodash:defaultsDeep': assign,
  // Merge packages of the npm ecosystem, merged as shallowly as Object.assign: a nested object is copied
  // whole, so every value it holds stays reachable (a deep merge joins fewer values, never others).
  'util:_extend': assign,
  'object-assign:': assign,
  'deep-extend:': assign,
  'deep-extend:default': assign,
  'extend:': extendOperation,
  'extend:default': extendOperation,
  'extend2:': extendOperation,
  'merge:': extendOperation,
  'merge:default': extendOperation,
  'deepmerge:': mergeIntoNew,
  'deepmerge:default': mergeIntoNew,
  'deepmerge:all': mergeAllIntoNew,
  'deepmerge:default.all': mergeAllIntoNew,
  'xtend:': mergeIntoNew,
  'merge-deep:': mergeIntoNew,
  'defaults:': mergeIntoNew,
  'lodash:cloneDeep': same(0),
  'lodash:clone': same(0),
  'axios-retry:': axiosRetry,
  'axios-retry:default': axiosRetry,
  'lodash:get': lodashGet,
  'lodash:set': lodashSet,
  'lodash:setWith': lodashSet,
  'lodash:update': lodashSet,
  'lodash:trim': (context) => mapText(arg(context, 0), context.call, (text) => text.trim()),
};

// `Array.prototype.slice.call(arguments, 1)` and its kin: an array method run on an array-like.
for (const [name, operation] of Object.entries(ARRAY_METHODS)) {
  BUILTINS[`<global>:Array.prototype.${name}.call`] = (context) =>
    operation({ ...context, receiver: arg(context, 0), args: { values: context.args.values.slice(1), rest: context.args.rest, nodes: context.args.nodes.slice(1) } });
}
for (const name of ['setInterval', 'setImmediate', 'queueMicrotask']) BUILTINS[`<global>:${name}`] = BUILTINS['<global>:setTimeout']!;
BUILTINS['@nestjs/config:ConfigService.().getOrThrow'] = BUILTINS['@nestjs/config:ConfigService.().get']!;

/** Properties of modules that are values of their own (read, not called). */
export const MODULE_PROPERTIES: Record<string, (at: ts.Node, a: Analysis) => Value> = {
  'tls:rootCertificates': (at) => ({ kind: 'default-roots', origin: at }),
  '<global>:process.argv': (at) => unknown('input', at, 'process.argv'),
  // tsyringe's one global container (injection.ts).
  'tsyringe:container': (_at, a) => ({ kind: 'object', object: a.heap.objectAt(a.files[0]!, 'container', 'tsyringe') }),
};

/** Calls that neither read TLS settings nor keep what they are given: logging, formatting, checks. */
export const HARMLESS_MODULES: ReadonlySet<string> = new Set([
  '<global>:console',
  '<global>:JSON',
  '<global>:Math',
  '<global>:Number',
  '<global>:Boolean',
  '<global>:parseInt',
  '<global>:parseFloat',
  '<global>:Date',
  '<global>:Error',
  '<global>:TypeError',
  '<global>:URLSearchParams',
  '<global>:decodeURIComponent',
  '<global>:decodeURI',
  '<global>:clearTimeout',
  '<global>:clearInterval',
  'util:inspect',
  'util:format',
  'util:isDeepStrictEqual',
  'assert',
  'debug',
  'pino',
  'winston',
  'log4js',
  'bunyan',
  'signale',
  'consola',
  'querystring',
  'qs',
  'crypto',
  'path',
  'os',
]);

/** The methods a receiver has by what it is: strings, arrays, Maps, functions, Node's roots, file contents. */
export function methodTableFor(receiver: Value): Record<string, Operation> | undefined {
  switch (receiver.kind) {
    case 'string':
      return STRING_METHODS;
    case 'object':
      if (receiver.object.kind === 'array') return ARRAY_METHODS;
      if (receiver.object.kind === 'map') return MAP_METHODS;
      if (receiver.object.kind === 'emitter') return EMITTER_METHODS;
      if (receiver.object.kind === 'bound') return FUNCTION_METHODS;
      if (receiver.object.kind === 'container') return CONTAINER_METHODS;
      if (receiver.object.kind === 'binding') return BINDING_METHODS;
      return undefined;
    case 'function':
    case 'class':
      return FUNCTION_METHODS;
    case 'default-roots':
      return DEFAULT_ROOTS_METHODS;
    case 'file':
      return FILE_METHODS;
    default:
      return undefined;
  }
}

/** `tls.rootCertificates.concat(extra)`: still Node's roots, and more. */
const DEFAULT_ROOTS_METHODS: Record<string, Operation> = {
  concat: (context) => {
    const elements = ValueSet.of(...context.receiver!);
    for (const values of context.args.values) elements.addAll(elementsOf(context.a, values, context.call).size > 0 ? elementsOf(context.a, values, context.call) : values);
    return arrayOf(context, elements);
  },
  slice: (context) => context.receiver!,
  filter: (context) => context.receiver!,
  map: (context) => context.receiver!,
};

const FILE_METHODS: Record<string, Operation> = {
  toString: (context: OperationContext) => context.receiver!,
  trim: (context) => context.receiver!,
};

function allArgs(context: OperationContext): ValueSet {
  const all = new ValueSet();
  for (const values of context.args.values) all.addAll(values);
  if (context.args.rest) all.addAll(context.args.rest);
  return all;
}


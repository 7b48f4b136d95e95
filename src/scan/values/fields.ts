// Reading and writing properties of values: object fields (and what stands behind a missing one: a
// class's methods, a module's ES exports, a client's model), members of npm modules, and properties
// of values the analysis does not know.
import { ts } from '../typescript.ts';
import { familyOfModule } from '../clients.ts';
import { own, type ApiNode } from '../clients/types.ts';
import { isStatic, propertyNameText } from '../syntax.ts';
import type { Analysis } from './analysis.ts';
import { TAIL, fieldOf, type AbstractObject } from './heap.ts';
import { SOME_NUMBER, UNDEFINED, ValueSet, idOf, isComplete, leadingText, shortText, text, unknown, type ApiValue, type StringValue, type Value } from './lattice.ts';
import { MODULE_PROPERTIES } from './builtins.ts';
import { bindDelegate, bindParameters } from './calls.ts';
import { provided } from './frameworks.ts';
import { exportNames, readModuleExport } from './modules.ts';

/** `value.key` (or `value[key]` with an unknown key when `key` is undefined), over every value. */
export function readField(a: Analysis, values: Iterable<Value>, key: string | undefined, at: ts.Node): ValueSet {
  const result = new ValueSet();
  for (const value of values) result.addAll(readOne(a, value, key, at));
  return result;
}

/**
 * What copying an object copies (a spread, Object.assign): its own fields, by name; for a module
 * namespace, its exports; for an enum, its members. Values under unknown keys stay under unknown keys.
 */
export function ownEntries(a: Analysis, object: AbstractObject, at: ts.Node): Array<[string, ValueSet]> {
  const entries = [...object.fields.entries()];
  if (object.kind === 'module') {
    for (const name of exportNames(object.node as ts.SourceFile)) entries.push([name, readModuleExport(a, object.node as ts.SourceFile, name, at)]);
  } else if (object.kind === 'statics' && ts.isEnumDeclaration(object.node)) {
    for (const member of object.node.members) {
      const name = propertyNameText(member.name);
      if (name !== undefined) entries.push([name, enumMember(a, member)]);
    }
  }
  return entries;
}

/** Reads a property path (`['https', 'certificateAuthority']`) through every value. */
export function readPath(a: Analysis, values: Iterable<Value>, path: readonly string[], at: ts.Node): ValueSet {
  let current = ValueSet.of(...values);
  for (const key of path) current = readField(a, current, key, at);
  return current;
}

/** A Map's own members: its entries sit in the same fields, but `map.get` is the method, not an entry. */
const MAP_MEMBERS: ReadonlySet<string> = new Set(['get', 'set', 'has', 'delete', 'clear', 'forEach', 'keys', 'values', 'entries', 'size']);

/** An array's methods, read as values (`[].slice.call(arguments, 1)`): Array.prototype's. */
const ARRAY_MEMBERS: ReadonlySet<string> = new Set([
  'at', 'concat', 'copyWithin', 'entries', 'every', 'fill', 'filter', 'find', 'findIndex', 'findLast', 'findLastIndex', 'flat',
  'flatMap', 'forEach', 'includes', 'indexOf', 'join', 'keys', 'lastIndexOf', 'map', 'pop', 'push', 'reduce', 'reduceRight',
  'reverse', 'shift', 'slice', 'some', 'sort', 'splice', 'toString', 'unshift', 'values',
]);

function readOne(a: Analysis, value: Value, key: string | undefined, at: ts.Node): Iterable<Value> {
  switch (value.kind) {
    case 'object':
      if (value.object.kind === 'map' && key !== undefined && MAP_MEMBERS.has(key)) {
        return [key === 'size' ? SOME_NUMBER : { kind: 'api', module: '<global>', path: ['Map', 'prototype', key], model: undefined }];
      }
      if (value.object.kind === 'array' && key !== undefined && ARRAY_MEMBERS.has(key)) {
        return [{ kind: 'api', module: '<global>', path: ['Array', 'prototype', key], model: undefined }];
      }
      return readObject(a, value.object, key, at);
    case 'api':
      return readApi(a, value, key, at);
    case 'function':
    case 'class':
      return readStatics(a, value.node, key, at);
    case 'unknown':
      return [unknown(value.reason, at, shortText(at))];
    case 'default-roots':
      // Node's roots are an array of PEM strings: an element (or a copy) is still the default store.
      return [value];
    case 'string':
      return urlProperty(value, key, at);
    default:
      return [];
  }
}

/**
 * A property of a string. `new URL(…)` is modelled as its href, so URL properties (`pathname`,
 * `hostname`, `origin`) are read from the text when it is known; the rest is unknown.
 */
function urlProperty(value: StringValue, key: string | undefined, at: ts.Node): Value[] {
  if (key === 'href' || key === 'toString') return [value];
  const first = value.parts[0];
  const origin = first && 'text' in first ? first.origin : at;
  if (isComplete(value) && key !== undefined && ['pathname', 'hostname', 'host', 'origin', 'protocol', 'port'].includes(key)) {
    try {
      const url = new URL(leadingText(value));
      return [text(decodeURIComponent(url[key as 'pathname']), origin)];
    } catch {
      return [unknown('operation', at)];
    }
  }
  return [unknown('operation', at)];
}

/** The field that holds an object's prototype when code chose it (`Object.create`, `Object.setPrototypeOf`). */
export const PROTO = '<proto>';
/** How many prototypes deep the current read is (readField re-enters readObject): a bound on cycles. */
let protoDepth = 0;

function readObject(a: Analysis, object: AbstractObject, key: string | undefined, at: ts.Node): ValueSet {
  // Which exports the tree uses decides which escape (escape.ts).
  if (object.kind === 'module' || object.kind === 'literal') a.noteRead(object, key);
  const result = new ValueSet();
  if (key === undefined) {
    for (const field of object.fields.values()) result.addAll(field);
  } else {
    const own = object.fields.get(key);
    if (own) result.addAll(own);
  }
  result.addAll(object.anyKey);
  // An object made by Object.create(proto) (or given one by Object.setPrototypeOf): what it lacks, its
  // prototype has. Its own field may be written on one path only, so the prototype's value joins too
  // (a depth bound stops a cycle).
  const proto = object.fields.get(PROTO);
  if (proto && protoDepth < 16) {
    protoDepth++;
    try {
      result.addAll(readField(a, proto, key, at));
    } finally {
      protoDepth--;
    }
  }
  switch (object.kind) {
    case 'module':
      // A namespace read with an unknown key (`HOSTS[key]` over `import * as HOSTS`) is every export.
      for (const name of key === undefined ? exportNames(object.node as ts.SourceFile) : [key]) {
        result.addAll(readModuleExport(a, object.node as ts.SourceFile, name, at));
      }
      // An export the scanner cannot find (written some way it does not follow) becomes unknown once
      // the rounds have settled without it (analysis.ts): never nothing.
      // `__importDefault`, `__esModule` and kin: the helpers TypeScript and Babel emit read them off
      // `this` (`(this && this.__importDefault) || function …`) and do without them when absent.
      if (result.size === 0 && key !== undefined && key !== 'default' && !key.startsWith('__')) a.noteMissing(object, key, at);
      return result;
    case 'instance':
      if (key !== undefined) result.addAll(instanceMember(a, object, object.node, key, at, 0));
      break;
    case 'statics':
      result.addAll(readStatics(a, object.node, key, at));
      return result;
    case 'client':
      if (key !== undefined) result.addAll(clientMember(a, object, key, at));
      return result;
    case 'slot':
      if (key === undefined) return result;
      // What a client keeps starts as the options it was made with: `instance.defaults.baseURL`.
      if (result.size === 0 && object.owner?.object.client) result.addAll(readField(a, creationOptions(a, object.owner.object), key, at));
      // Options a client normalises have their nested objects: a hook may set `options.https.ca`.
      result.add({ kind: 'object', object: a.heap.slotOf(object, key) });
      return result;
    case 'array':
      if (key === 'length') result.add(unknown('operation', at));
      // An index past the known ones may hold what was appended.
      else if (key !== undefined && /^\d+$/.test(key) && !object.fields.has(key)) result.addAll(object.fields.get(TAIL) ?? []);
      break;
    default:
      break;
  }
  return result;
}

/** A member of a class instance not written to it: a method or getter, up the chain of base classes. */
function instanceMember(a: Analysis, instance: AbstractObject, maker: ts.Node, key: string, at: ts.Node, depth: number): ValueSet {
  const result = new ValueSet();
  if (depth > 16) return result;
  if (ts.isClassLike(maker)) {
    for (const member of maker.members) {
      if (isStatic(member) || !member.name || propertyNameText(member.name) !== key) continue;
      if (ts.isMethodDeclaration(member)) result.add({ kind: 'function', node: member });
      if (ts.isGetAccessorDeclaration(member)) {
        a.write(a.thisOf(member), [{ kind: 'object', object: instance }]);
        result.addAll(a.returnsOf(member));
      }
    }
    // What code wrote onto the class's prototype (`C.prototype.base = …`, a mixin's Object.assign). A
    // member of the class body is always there; a write may happen on one path only, so the bases'
    // member joins it.
    const inBody = result.size > 0;
    result.addAll(readObject(a, a.heap.objectAt(maker, 'prototype'), key, at).without(UNDEFINED));
    if (inBody) return result;
    for (const base of a.location(basesKey(maker))) {
      if (base.kind === 'class') result.addAll(instanceMember(a, instance, base.node, key, at, depth + 1));
      else if (base.kind === 'function') result.addAll(instanceMember(a, instance, base.node, key, at, depth + 1));
      else if (base.kind === 'api') result.addAll(inheritedApiMember(a, base, key, at));
      else if (base.kind === 'unknown') result.add(unknown(base.reason, at));
    }
    return result;
  }
  // A constructor function: its prototype object, and whatever was assigned as F.prototype; then
  // what it inherits (`util.inherits(F, Base)`, `class extends F`). Its members are all writes, which
  // may happen on one path only (`if (x) F.prototype.origin = …`), so the bases' member joins them.
  const prototype = a.heap.objectAt(maker, 'prototype');
  result.addAll(readObject(a, prototype, key, at));
  const assigned = a.heap.objectAt(maker, 'statics').fields.get('prototype');
  if (assigned) result.addAll(readField(a, assigned, key, at));
  const own = result.without(UNDEFINED);
  for (const base of a.location(basesKey(maker))) {
    if (base.kind === 'class' || base.kind === 'function') own.addAll(instanceMember(a, instance, base.node, key, at, depth + 1));
    else if (base.kind === 'unknown') own.add(unknown(base.reason, at));
  }
  return own;
}

/** `this.ctx` in a class that extends egg's Service: what the module's base class gives. */
function inheritedApiMember(a: Analysis, base: ApiValue, key: string, at: ts.Node): ValueSet {
  const model = own(base.model?.thisMembers, key);
  if (model?.provides) return provided(a, model.provides, at);
  return ValueSet.of({ kind: 'api', module: base.module, path: [...base.path, '<this>', key], model });
}

/**
 * `x.host = v` where x's class (up its bases), or the object literal that made x, defines `set host(v)`:
 * the setter runs with v and `this` = x. A computed key may name any setter.
 */
function callSetters(a: Analysis, object: AbstractObject, key: string | undefined, values: ValueSet): void {
  for (const setter of settersOf(a, object, key)) {
    a.write(a.thisOf(setter), [{ kind: 'object', object }]);
    bindParameters(a, setter, { values: [values], nodes: [] });
  }
}

function settersOf(a: Analysis, object: AbstractObject, key: string | undefined): ts.SetAccessorDeclaration[] {
  const matches = (member: ts.Node, wantStatic: boolean): member is ts.SetAccessorDeclaration =>
    ts.isSetAccessorDeclaration(member) && isStatic(member) === wantStatic && (key === undefined || propertyNameText(member.name) === key);
  if (object.kind === 'literal' && ts.isObjectLiteralExpression(object.node)) return object.node.properties.filter((member) => matches(member, false));
  if (object.kind !== 'instance' && object.kind !== 'statics') return [];
  const found: ts.SetAccessorDeclaration[] = [];
  const visit = (declaration: ts.Node, depth: number): void => {
    if (depth > 16 || !ts.isClassLike(declaration)) return;
    const own = declaration.members.filter((member) => matches(member, object.kind === 'statics'));
    found.push(...own);
    // A setter of the name hides its bases' (a computed key may still reach theirs).
    if (own.length > 0 && key !== undefined) return;
    for (const base of a.location(basesKey(declaration))) if (base.kind === 'class') visit(base.node, depth + 1);
  };
  visit(object.node, 0);
  return found;
}

/** `basesKey(class)` holds what a class extends (evaluated each round by writes.ts). */
export function basesKey(declaration: ts.Node): string {
  return `bases:${idOf(declaration)}`;
}

/** Static members: `C.x` written, static fields and methods, inherited statics, enum members, F.prototype. */
function readStatics(a: Analysis, node: ts.Node, key: string | undefined, at: ts.Node): ValueSet {
  const statics = a.heap.objectAt(node, 'statics');
  const result = new ValueSet();
  if (key === undefined) {
    for (const field of statics.fields.values()) result.addAll(field);
    if (ts.isEnumDeclaration(node)) for (const member of node.members) result.addAll(enumMember(a, member));
    return result;
  }
  const own = statics.fields.get(key);
  if (own) result.addAll(own);
  result.addAll(statics.anyKey);
  if (ts.isEnumDeclaration(node)) {
    const member = node.members.find((item) => propertyNameText(item.name) === key);
    if (member) result.addAll(enumMember(a, member));
  } else if (ts.isClassLike(node) && key === 'prototype') {
    result.add({ kind: 'object', object: a.heap.objectAt(node, 'prototype') });
  } else if (ts.isClassLike(node)) {
    for (const member of node.members) {
      if (!isStatic(member) || !member.name || propertyNameText(member.name) !== key) continue;
      if (ts.isMethodDeclaration(member)) result.add({ kind: 'function', node: member });
      if (ts.isGetAccessorDeclaration(member)) result.addAll(a.returnsOf(member));
    }
    if (result.size === 0) {
      for (const base of a.location(basesKey(node))) if (base.kind === 'class') result.addAll(readStatics(a, base.node, key, at));
    }
  } else if (key === 'prototype') {
    result.add({ kind: 'object', object: a.heap.objectAt(node, 'prototype') });
  }
  return result;
}

function enumMember(a: Analysis, member: ts.EnumMember): ValueSet {
  if (member.initializer) return a.evaluate(member.initializer);
  return ValueSet.of(unknown('operation', member));
}

/**
 * Reading `https.globalAgent`, `axios.create`, `instance.defaults.options`: what the code wrote there
 * (kept on the instance, or on the module's state), and what the client tables say the member is.
 */
function readApi(a: Analysis, api: ApiValue, key: string | undefined, at: ts.Node): ValueSet {
  if (api.module === '<global>' && api.path.join('.') === 'process.env') {
    return ValueSet.of(unknown('environment', at, key === undefined ? 'process.env[…]' : `process.env.${key}`));
  }
  if (key === undefined) return ValueSet.of(unknown('module', at, shortText(at)));
  // `require('axios').default`: an npm module's default export is the module (CommonJS interop, and
  // what such modules set themselves), unless its model says otherwise.
  if (key === 'default' && api.path.length === 0 && api.module !== '<global>' && !api.receiver && !own(api.model?.members, 'default')) return ValueSet.of(api);
  const path = [...api.path, key];
  const property = own(MODULE_PROPERTIES, `${api.module}:${path.join('.')}`);
  if (property) return ValueSet.of(property(at, a));
  const state = api.receiver ?? a.moduleStateOf(api.module);
  const result = new ValueSet();
  const written = state.fields.get(path.join('.'));
  if (written) result.addAll(written);
  const model = own(api.model?.members, key) ?? api.model?.anyMember;
  if (model?.provides) return result.plus(provided(a, model.provides, at));
  if (model?.slot) result.add({ kind: 'object', object: slotObject(a, state, path.join('.'), model) });
  else result.add({ kind: 'api', module: api.module, path, model, receiver: api.receiver });
  return result;
}

/** A member of a client object: as the model of what made it says. */
function clientMember(a: Analysis, object: AbstractObject, key: string, at: ts.Node): ValueSet {
  const info = object.client;
  return readApi(a, { kind: 'api', module: info?.module ?? '', path: [], model: info?.node, receiver: object }, key, at);
}

/** The object a slot stands for: options (`instance.defaults`) or an agent (`https.globalAgent`). */
export function slotObject(a: Analysis, owner: AbstractObject, name: string, model: ApiNode): AbstractObject {
  const module = owner.client?.module ?? '';
  const held = model.slot?.client;
  if (model.slot?.holds === 'client' && held) {
    // egg-wechat-api's `app.wechatApi`: a client of another module that a plugin makes.
    const client = a.heap.objectAt(owner.node, 'client', `slot:${owner.id}:${name}`);
    client.client ??= { family: familyOfModule(held.module), module: held.module, creation: held.creation, node: held.creation.returns, call: undefined, parent: undefined };
    return client;
  }
  if (model.slot?.holds === 'agent') {
    const agent = a.heap.objectAt(owner.node, 'client', `slot:${owner.id}:${name}`);
    agent.client ??= { family: familyOfModule(module)!, module, creation: undefined, node: model, call: undefined, parent: undefined };
    if (model.slot.global) agent.global = true;
    return agent;
  }
  const slot = a.heap.slotOf(owner, name);
  if (model.slot?.global) slot.global = true;
  return slot;
}

/** The option objects a client was made with (`axios.create(options)`), its parent's included. */
export function creationOptions(a: Analysis, client: AbstractObject, depth = 0): ValueSet {
  const result = new ValueSet();
  const info = client.client;
  if (!info || depth > 8) return result;
  const call = info.call;
  for (const index of info.creation?.options ?? []) {
    const argument = call?.arguments?.[index];
    if (argument) for (const value of a.evaluate(argument)) if (value.kind === 'object') result.add(value);
  }
  // `registerAsync({ useFactory })`: what the factory returns.
  const factory = info.creation?.factory;
  const holder = factory && call?.arguments?.[factory.argument];
  if (factory && holder) {
    for (const fn of readPath(a, a.evaluate(holder), factory.path, holder)) {
      if (fn.kind === 'function') for (const value of a.returnsOf(fn.node)) if (value.kind === 'object') result.add(value);
    }
  }
  if (info.parent) result.addAll(creationOptions(a, info.parent, depth + 1));
  return result;
}

/** `target.key = values` (or `target[unknown] = values`). */
export function writeField(a: Analysis, targets: Iterable<Value>, key: string | undefined, values: ValueSet, at: ts.Node): void {
  for (const target of targets) {
    switch (target.kind) {
      case 'object':
        a.write(key === undefined ? target.object.anyKey : fieldOf(target.object, key), values);
        callSetters(a, target.object, key, values);
        break;
      case 'function':
      case 'class': {
        const statics = a.heap.objectAt(target.node, 'statics');
        a.write(key === undefined ? statics.anyKey : fieldOf(statics, key), values);
        callSetters(a, statics, key, values);
        break;
      }
      case 'api': {
        // `HttpKit.setHttpDelegate = kit`: the SDK calls the kit's methods with its own URLs.
        const delegate = key === undefined ? undefined : own(target.model?.members, key)?.delegate;
        if (delegate) bindDelegate(a, at, values, delegate);
        // `https.globalAgent = agent`, `instance.defaults.options = {…}`: kept where reads look (readApi).
        const state = target.receiver ?? a.moduleStateOf(target.module);
        if (key === undefined) a.escape(values, 'stored', at, shortText(at));
        else a.write(fieldOf(state, [...target.path, key].join('.')), values);
        // `app.wx = client` on an object a framework hands out (egg's app, ctx), or on a global
        // (`globalThis.Api = Api`): code the scanner may not see reads it there.
        if (key !== undefined && (target.path[0]?.startsWith('<') || target.module === '<global>')) a.escape(values, 'stored', at, shortText(at));
        break;
      }
      case 'unknown':
        a.escape(values, 'stored', at, shortText(at));
        break;
      default:
        break;
    }
  }
}

// The abstract objects: one per place in the code that makes an object (an object or array literal,
// `new Map()`, a class's instances, a module's exports, an agent or client made by a modelled call).
// An object's field holds every value written to it; a write under a key the analysis cannot name
// goes to `anyKey`, which every read of the object sees.
import type { ts } from 'ts-morph';
import type { ApiNode, ClientFamily, CallModel } from '../clients/types.ts';
import { ValueSet, idOf } from './lattice.ts';
import { grew, noteRead, type Tracked } from './tracking.ts';

export type ObjectKind =
  /** `{ … }`, and objects built from several (Object.assign targets are whatever they are). */
  | 'literal'
  | 'array'
  | 'map'
  /** `new EventEmitter()`: its listeners are called with what is emitted (builtins.ts). */
  | 'emitter'
  /** `fn.bind(self, a, b)`: calling it calls `<target>` with `<this>` and the bound arguments first (calls.ts). */
  | 'bound'
  /** A dependency-injection container (inversify's `new Container()`, tsyringe's `container`), and a binding it makes (injection.ts). */
  | 'container'
  | 'binding'
  /** What `new C()` makes, one per class (or constructor function). */
  | 'instance'
  /** A class's (or function's) own properties: statics, enum members. */
  | 'statics'
  /** `F.prototype` of a constructor function. */
  | 'prototype'
  /** A module's exports (CommonJS `exports`, ES named exports). */
  | 'module'
  /** What a modelled call made: an agent, a client instance, a request being built. */
  | 'client'
  /** State a client keeps (`instance.defaults`, `agent.options`, the options hooks receive). */
  | 'slot';

/** What the client tables say a 'client' object is. */
export interface ClientInfo {
  /** Undefined for the state of a module no family answers for. */
  family: ClientFamily | undefined;
  module: string;
  /** The model of the call that made it (undefined for objects a slot stands for, like https.globalAgent). */
  creation: CallModel | undefined;
  /** Its members. */
  node: ApiNode | undefined;
  /** The call that made it, whose option arguments configure it. */
  call: ts.CallExpression | ts.NewExpression | undefined;
  /** The client it was made from (`instance.extend()`), whose options it inherits. */
  parent: AbstractObject | undefined;
}

export interface AbstractObject {
  id: number;
  kind: ObjectKind;
  /** Where it is made: the literal, the `new`, the class, the call, the source file. */
  node: ts.Node;
  fields: FieldMap;
  anyKey: ValueSet;
  client?: ClientInfo;
  /** For 'slot' objects: whose state, and which. */
  owner?: { object: AbstractObject; name: string };
  /** State of a whole module that every request of the process reads (`axios.defaults`, `https.globalAgent`). */
  global?: boolean;
}

/** Makes each object once: the same place (and purpose) always gives the same object. */
export class Heap {
  private readonly objects = new Map<string, AbstractObject>();
  private readonly slots = new Map<AbstractObject, AbstractObject[]>();
  private nextId = 1;

  objectAt(node: ts.Node, kind: ObjectKind, purpose = ''): AbstractObject {
    const key = `${idOf(node)}:${kind}:${purpose}`;
    let object = this.objects.get(key);
    if (!object) {
      object = { id: this.nextId++, kind, node, fields: new FieldMap(), anyKey: ValueSet.place() };
      this.objects.set(key, object);
    }
    return object;
  }

  /** The state `name` of `owner` (`instance.defaults`): one object per owner and name. */
  slotOf(owner: AbstractObject, name: string): AbstractObject {
    const object = this.objectAt(owner.node, 'slot', `${owner.id}:${name}`);
    if (!object.owner) {
      object.owner = { object: owner, name };
      const list = this.slots.get(owner);
      if (list) list.push(object);
      else this.slots.set(owner, [object]);
    }
    return object;
  }

  /** Every slot of an owner made so far. */
  slotsOf(owner: AbstractObject): readonly AbstractObject[] {
    return this.slots.get(owner) ?? [];
  }

  all(): IterableIterator<AbstractObject> {
    return this.objects.values();
  }
}

/**
 * An array's elements after its known positions (a literal's spread, `push`): at some index past the
 * last known one. `anyKey` holds what may sit at any index (`unshift`, `a[i] = x`).
 */
export const TAIL = '<tail>';

/** The set at `fields[name]`, made empty on first use. */
export function fieldOf(object: AbstractObject, name: string): ValueSet {
  let set = object.fields.peek(name);
  if (!set) {
    set = ValueSet.place();
    object.fields.set(name, set);
  }
  return set;
}

/**
 * An object's fields: a place of its own for the worklist (tracking.ts). Reading the table (a name it
 * lacks, or every name) depends on which names it has; each field's set tracks its own values.
 */
export class FieldMap extends Map<string, ValueSet> implements Tracked {
  stamp = 0;
  readBy = 0;

  /** The field under `name`, without noting a read of the table (a writer's lookup). */
  peek(name: string): ValueSet | undefined {
    return super.get(name);
  }

  override get(name: string): ValueSet | undefined {
    const set = super.get(name);
    if (!set) noteRead(this);
    return set;
  }

  override has(name: string): boolean {
    noteRead(this);
    return super.has(name);
  }

  override set(name: string, set: ValueSet): this {
    if (!super.has(name)) grew(this);
    return super.set(name, set);
  }

  override get size(): number {
    noteRead(this);
    return super.size;
  }

  override keys(): MapIterator<string> {
    noteRead(this);
    return super.keys();
  }

  override values(): MapIterator<ValueSet> {
    noteRead(this);
    return super.values();
  }

  override entries(): MapIterator<[string, ValueSet]> {
    noteRead(this);
    return super.entries();
  }

  override [Symbol.iterator](): MapIterator<[string, ValueSet]> {
    noteRead(this);
    return super.entries();
  }

  override forEach(callback: (set: ValueSet, name: string, map: Map<string, ValueSet>) => void): void {
    noteRead(this);
    super.forEach(callback);
  }
}

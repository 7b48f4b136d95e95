// What a call evaluates to, and what it writes: arguments into a project function's parameters (a
// parameter holds the join of every call's argument, its default where one may be missing), `this`
// for methods, `new` of classes and constructor functions, the table of modelled operations
// (builtins.ts), and the client tables for calls that send requests or build agents and clients.
// A call to something the analysis has no model for gives an unknown value, and its arguments escape.
import { ts } from '../typescript.ts';
import { familyOfModule } from '../clients.ts';
import { own, type CallModel, type DelegateModel, type OptionLayout } from '../clients/types.ts';
import { enclosingClass, isStatic, requiredModule, skipOuter, type CallLike } from '../syntax.ts';
import type { Analysis } from './analysis.ts';
import { BUILTINS, EMITTER_METHODS, HARMLESS_MODULES, OPAQUE_STORE_METHODS, methodTableFor, promiseMethod, type Args } from './builtins.ts';
import { MAX_COMBINATIONS, concatenate, elementsOf, isDeclaration, memberKeys, noteRelays, thisAt } from './evaluate.ts';
import { basesKey, readField, readPath, slotObject } from './fields.ts';
import { fieldOf, type AbstractObject } from './heap.ts';
import { UNDEFINED, ValueSet, asString, concatStrings, shortText, text, unknown, type ApiValue, type Value } from './lattice.ts';
import { importValue, moduleValue } from './modules.ts';
import { provideForApiClass } from './injection.ts';
import { resultForConstants } from './specialize.ts';
import { assignBinding, withDefault } from './writes.ts';

export function evaluateCall(a: Analysis, node: CallLike): ValueSet {
  const isNew = ts.isNewExpression(node);
  const callee = skipOuter(node.expression);
  if (ts.isCallExpression(node)) {
    // `require('x')`, `import('x')`: a module as a value.
    if (node.expression.kind === ts.SyntaxKind.ImportKeyword || (requiredModule(node) !== undefined && isGlobalRequire(a, node))) {
      const specifier = node.arguments[0];
      return specifier ? moduleValue(a, specifier) : ValueSet.of(unknown('module', node));
    }
    if (callee.kind === ts.SyntaxKind.SuperKeyword) return superCall(a, node);
  }
  const args = evaluateArguments(a, node);
  const result = new ValueSet();
  if (!isNew && (ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee)) && callee.expression.kind !== ts.SyntaxKind.SuperKeyword) {
    const receivers = a.evaluate(callee.expression);
    const keys = memberKeys(a, callee);
    for (const receiver of receivers) {
      for (const key of keys ?? [undefined]) result.addAll(callMethod(a, node, receiver, key, args));
    }
    return result;
  }
  // `super.m()` runs with the caller's `this`.
  const self = ts.isPropertyAccessExpression(callee) && callee.expression.kind === ts.SyntaxKind.SuperKeyword ? thisAt(a, callee) : undefined;
  for (const fn of a.evaluate(callee)) result.addAll(callValue(a, node, fn, args, self, isNew));
  return result;
}

/**
 * `` tag`a${x}b` `` calls `tag(strings, x)`: `strings` an array of the literal parts, the rest the
 * substitutions. A project function runs with them; `String.raw` joins them; any other tag is unknown.
 */
export function evaluateTaggedTemplate(a: Analysis, node: ts.TaggedTemplateExpression): ValueSet {
  const literal = node.template;
  const pieces = ts.isNoSubstitutionTemplateLiteral(literal) ? [literal] : [literal.head, ...literal.templateSpans.map((span) => span.literal)];
  const substitutions = ts.isNoSubstitutionTemplateLiteral(literal) ? [] : literal.templateSpans.map((span) => a.evaluate(span.expression));
  const result = new ValueSet();
  for (const tag of a.evaluate(node.tag)) {
    if (tag.kind === 'function') {
      const strings = a.heap.objectAt(node, 'array', 'template-strings');
      const raw = a.heap.objectAt(node, 'array', 'template-raw');
      pieces.forEach((piece, index) => {
        a.write(fieldOf(strings, String(index)), [text(piece.text, piece)]);
        a.write(fieldOf(raw, String(index)), [text(piece.rawText ?? piece.text, piece)]);
      });
      a.write(fieldOf(strings, 'raw'), [{ kind: 'object', object: raw }]);
      a.called.add(tag.node);
      bindParameters(a, tag.node, { values: [ValueSet.of({ kind: 'object', object: strings }), ...substitutions], nodes: [] });
      result.addAll(a.returnsOf(tag.node));
    } else if (tag.kind === 'api' && tag.module === '<global>' && tag.path.join('.') === 'String.raw') {
      // The raw text, substitutions in place (a backslash escape stays as written).
      let joined = [text(pieces[0]!.rawText ?? pieces[0]!.text, pieces[0]!)];
      let cut = false;
      substitutions.forEach((values, index) => {
        const piece = pieces[index + 1]!;
        const tail = text(piece.rawText ?? piece.text, piece);
        const next = joined.flatMap((head) => [...values].map((value) => concatStrings(concatStrings(head, asString(value, node)), tail)));
        cut ||= next.length > MAX_COMBINATIONS;
        joined = next.slice(0, MAX_COMBINATIONS);
      });
      result.addAll(joined);
      if (cut) result.add(unknown('limit', node, 'many strings'));
    } else {
      const all = new ValueSet();
      for (const values of substitutions) all.addAll(values);
      a.escape(all, 'call', node, shortText(node.tag));
      result.add(unknown('call', node, shortText(node.tag)));
    }
  }
  return result;
}

function isGlobalRequire(a: Analysis, node: ts.CallExpression): boolean {
  return !a.symbolOf(node.expression)?.declarations?.some(isDeclaration);
}

function evaluateArguments(a: Analysis, node: CallLike): Args {
  const values: ValueSet[] = [];
  let rest: ValueSet | undefined;
  for (const argument of node.arguments ?? []) {
    if (ts.isSpreadElement(argument)) {
      rest ??= new ValueSet();
      rest.addAll(elementsOf(a, a.evaluate(argument.expression), argument));
    } else if (rest) {
      rest.addAll(a.evaluate(argument));
    } else {
      values.push(a.evaluate(argument));
    }
  }
  return { values, rest, nodes: [...(node.arguments ?? [])] };
}

/** The argument at `index`: what was passed there, what a spread may have put there, or undefined. */
export function argumentAt(args: Args, index: number): ValueSet | undefined {
  const own = args.values[index];
  if (own) return own;
  return args.rest;
}

/** `receiver.key(args)`: builtins by the receiver's kind, else whatever the property holds. */
function callMethod(a: Analysis, call: CallLike, receiver: Value, key: string | undefined, args: Args): ValueSet {
  if (key === undefined) return unknownCall(a, call, args, shortText(call.expression));
  const operation = own(methodTable(a, receiver, key), key);
  if (operation) return operation({ a, call, args, receiver: ValueSet.of(receiver) });
  // `.then()` on what has no `then` of its own (or one no table models): a promise of the receiver.
  const promise = promiseMethod(key);
  const asPromise = (): ValueSet => promise!({ a, call, args, receiver: ValueSet.of(receiver) });
  // Classes and functions have members of their own (static methods, `F.helper = …`): read below.
  if (receiver.kind !== 'object' && receiver.kind !== 'api' && receiver.kind !== 'class' && receiver.kind !== 'function') {
    if (promise) return asPromise();
    if (receiver.kind === 'unknown') {
      const result = unknownCall(a, call, args, shortText(call.expression), receiver.reason);
      const store = own(OPAQUE_STORE_METHODS, key);
      if (store) result.addAll(store({ a, call, args, receiver: ValueSet.of(receiver) }));
      return result;
    }
    // A method of a string (or of another value) the table does not model (`padEnd`, `at`): its result
    // is unknown, never nothing. `undefined.x()` and `null.x()` throw: nothing.
    if (receiver.kind === 'primitive' && (receiver.value === undefined || receiver.value === null)) return new ValueSet();
    return unknownCall(a, call, args, shortText(call.expression), 'operation');
  }
  const targets = readField(a, [receiver], key, call);
  const callable = [...targets].filter((value) => value.kind !== 'primitive');
  if (callable.every((value) => value.kind === 'api' && !value.model)) {
    if (promise) return asPromise();
    // A class or function member nobody wrote (`fn.toString()`): unknown, never nothing.
    if (callable.length === 0) return receiver.kind === 'class' || receiver.kind === 'function' ? unknownCall(a, call, args, shortText(call.expression), 'operation') : new ValueSet();
  }
  const result = new ValueSet();
  for (const fn of callable) result.addAll(callValue(a, call, fn, args, ValueSet.of(receiver), false));
  return result;
}

/**
 * Calls a bound function (`fn.bind(self, a)`): the target, with the bound `this` (unless `new`) and the
 * bound arguments before the call's own. A spread among the bound arguments leaves the positions
 * unknown: every argument may then be any of them.
 */
function callBound(a: Analysis, call: CallLike, bound: AbstractObject, args: Args, isNew: boolean): ValueSet {
  const bindCall = bound.node as ts.CallExpression;
  const spread = bindCall.arguments.some(ts.isSpreadElement);
  const count = Math.max(0, bindCall.arguments.length - 1);
  const values = spread ? [] : [...Array(count).keys()].map((index) => fieldOf(bound, String(index)));
  const rest = new ValueSet();
  rest.addAll(bound.anyKey);
  if (args.rest) rest.addAll(args.rest);
  if (spread) {
    rest.addAll(allArguments(args));
    for (const [key, set] of bound.fields) if (/^\d+$/.test(key)) rest.addAll(set);
  }
  const combined: Args = spread ? { values: [], rest, nodes: [] } : { values: [...values, ...args.values], ...(rest.size > 0 ? { rest } : {}), nodes: [] };
  const result = new ValueSet();
  for (const target of bound.fields.get('<target>') ?? []) {
    result.addAll(callValue(a, call, target, combined, isNew ? undefined : fieldOf(bound, '<this>'), isNew));
  }
  return result;
}

/** The values, with each bound function (`fn.bind(…)`) replaced by what it calls. */
export function boundTargets(values: Iterable<Value>, depth = 0): Value[] {
  const result: Value[] = [];
  for (const value of values) {
    if (value.kind === 'object' && value.object.kind === 'bound' && depth < 8) result.push(...boundTargets(value.object.fields.get('<target>') ?? [], depth + 1));
    else result.push(value);
  }
  return result;
}

/** The builtin methods of a receiver: by its kind, or an emitter's for an instance of an EventEmitter subclass. */
function methodTable(a: Analysis, receiver: Value, key: string): ReturnType<typeof methodTableFor> {
  const table = methodTableFor(receiver);
  if (table) return table;
  if (receiver.kind === 'object' && receiver.object.kind === 'instance' && inheritsEmitterMethod(a, receiver.object.node, key)) return EMITTER_METHODS;
  return undefined;
}

/**
 * `class Bus extends EventEmitter {}` (or `util.inherits(F, EventEmitter)`): its instances' `on` and
 * `emit` are the emitter's, unless a class on the way defines a member of that name.
 */
function inheritsEmitterMethod(a: Analysis, declaration: ts.Node, key: string, depth = 0): boolean {
  if (depth > 16) return false;
  if (ts.isClassLike(declaration) && declaration.members.some((member) => member.name !== undefined && ts.isIdentifier(member.name) && member.name.text === key)) return false;
  for (const base of a.location(basesKey(declaration))) {
    if (base.kind === 'api' && /^(node:)?events$/.test(base.module) && (base.path.length === 0 || base.path.join('.') === 'EventEmitter')) return true;
    if ((base.kind === 'class' || base.kind === 'function') && inheritsEmitterMethod(a, base.node, key, depth + 1)) return true;
  }
  return false;
}

/** Calls one callee value. `self` is `this` for the call (the receiver of a method call). */
export function callValue(a: Analysis, call: CallLike, fn: Value, args: Args, self: ValueSet | undefined, isNew: boolean): ValueSet {
  switch (fn.kind) {
    case 'function': {
      a.called.add(fn.node);
      if (isNew) return constructFunction(a, fn.node, args);
      // The module interop helpers TypeScript and Babel emit, per call: one helper serves every
      // require of a file, and joining its calls would mix the modules up (axios with the agent module).
      const interop = interopResult(a, call, fn.node, args);
      if (interop) return interop;
      bindParameters(a, fn.node, args);
      if (self && !ts.isArrowFunction(fn.node)) a.write(a.thisOf(fn.node), self);
      return resultForConstants(a, fn.node, args) ?? a.returnsOf(fn.node);
    }
    case 'class':
      a.called.add(fn.node);
      return isNew ? construct(a, fn.node, args) : new ValueSet();
    case 'api':
      return callApi(a, call, fn, args, isNew);
    case 'unknown':
      return unknownCall(a, call, args, shortText(call.expression), fn.reason);
    case 'object': {
      if (fn.object.kind === 'bound') return callBound(a, call, fn.object, args, isNew);
      // A client instance is callable (`instance(config)`, request's `.defaults()` result): its own call model.
      const info = fn.object.client;
      if (fn.object.kind === 'client' && info?.node?.call) {
        return callApi(a, call, { kind: 'api', module: info.module, path: [], model: info.node, receiver: fn.object }, args, isNew);
      }
      // A client the tables give no call of its own: what it does with the arguments is unknown. Other
      // objects are not callable (a module's first `exports` object, replaced by a function, is one).
      if (fn.object.kind === 'client' || fn.object.kind === 'slot') return unknownCall(a, call, args, shortText(call.expression));
      return new ValueSet();
    }
    default:
      return new ValueSet();
  }
}

const INTEROP_HELPERS = new Set(['__importDefault', '__importStar', '_interopRequireDefault', '_interopRequireWildcard']);

/** `__importDefault(require('m'))`: the module, or `{ default: module }` (whichever the module's `__esModule` picks). */
function interopResult(a: Analysis, call: CallLike, fn: ts.SignatureDeclaration, args: Args): ValueSet | undefined {
  if (!INTEROP_HELPERS.has(helperName(fn) ?? '')) return undefined;
  const module = argumentAt(args, 0) ?? new ValueSet();
  const wrapper = a.heap.objectAt(call, 'literal', 'interop');
  a.write(fieldOf(wrapper, 'default'), module);
  return ValueSet.of(...module, { kind: 'object', object: wrapper });
}

/** The name a function goes by: its own, or the variable it is assigned to (`var h = (this && this.h) || function …`). */
function helperName(fn: ts.SignatureDeclaration): string | undefined {
  if ((ts.isFunctionDeclaration(fn) || ts.isFunctionExpression(fn)) && fn.name) return fn.name.text;
  let current: ts.Node = fn.parent;
  while (ts.isParenthesizedExpression(current) || (ts.isBinaryExpression(current) && current.operatorToken.kind === ts.SyntaxKind.BarBarToken)) current = current.parent;
  return ts.isVariableDeclaration(current) && ts.isIdentifier(current.name) ? current.name.text : undefined;
}

/** A call to code the analysis cannot see: the result is unknown, and the arguments leave with it. */
function unknownCall(a: Analysis, call: CallLike, args: Args, detail: string, reason: 'call' | Value['kind'] | string = 'call'): ValueSet {
  a.escape(allArguments(args), 'call', call, detail);
  return ValueSet.of(unknown(reason === 'module' || reason === 'global' ? reason : 'call', call, detail));
}

function allArguments(args: Args): ValueSet {
  const all = new ValueSet();
  for (const values of args.values) all.addAll(values);
  if (args.rest) all.addAll(args.rest);
  return all;
}

/** Binds arguments to a project function's parameters. `undefined` (or a missing argument) selects the default. */
export function bindParameters(a: Analysis, fn: ts.SignatureDeclaration, args: Args): void {
  const parameters = fn.parameters.filter((parameter) => !(ts.isIdentifier(parameter.name) && parameter.name.text === 'this'));
  parameters.forEach((parameter, index) => {
    if (parameter.dotDotDotToken) {
      const rest = a.heap.objectAt(parameter, 'array');
      for (let k = index; k < args.values.length; k++) a.write(rest.anyKey, args.values[k]!);
      if (args.rest) a.write(rest.anyKey, args.rest);
      assignBinding(a, parameter.name, ValueSet.of({ kind: 'object', object: rest }), parameter);
      return;
    }
    const given = argumentAt(args, index);
    const values = given ? withDefault(a, given, parameter.initializer) : parameter.initializer ? a.evaluate(parameter.initializer) : ValueSet.of(UNDEFINED);
    assignBinding(a, parameter.name, values, parameter);
  });
  const argumentsObject = a.argumentsObjectOf(fn);
  if (argumentsObject) {
    args.values.forEach((values, index) => a.write(fieldOf(argumentsObject, String(index)), values));
    if (args.rest) a.write(argumentsObject.anyKey, args.rest);
    // Outside strict mode `arguments[i]` follows writes to the i-th parameter: it holds them too.
    parameters.forEach((parameter, index) => {
      const symbol = ts.isIdentifier(parameter.name) ? a.declaredSymbol(parameter.name) : undefined;
      if (symbol) a.write(fieldOf(argumentsObject, String(index)), a.bindingOf(symbol));
    });
  }
}

/**
 * The first parameters of `fn` get `values`, the others nothing yet: the arguments `fn.bind(self, …)`
 * fixes reach them even when the bound function leaves for code the analysis cannot see.
 */
export function bindLeadingParameters(a: Analysis, fn: ts.SignatureDeclaration, values: readonly ValueSet[]): void {
  const parameters = fn.parameters.filter((parameter) => !(ts.isIdentifier(parameter.name) && parameter.name.text === 'this'));
  values.forEach((given, index) => {
    const parameter = parameters[index];
    if (!parameter || parameter.dotDotDotToken) return;
    assignBinding(a, parameter.name, withDefault(a, given, parameter.initializer), parameter);
  });
}

/** Calls each function among `fns` with `args`: callbacks given to modelled operations (`.map`, `.then`). */
export function callCallbacks(a: Analysis, call: CallLike, fns: Iterable<Value>, args: Args, self?: ValueSet): ValueSet {
  const result = new ValueSet();
  for (const fn of fns) {
    if (fn.kind === 'function' || fn.kind === 'api' || (fn.kind === 'object' && fn.object.kind === 'bound')) result.addAll(callValue(a, call, fn, args, self, false));
  }
  return result;
}

/** `new C(args)`: one instance per class; constructors up the chain get the arguments and the instance. */
export function construct(a: Analysis, declaration: ts.ClassLikeDeclaration, args: Args): ValueSet {
  const instance = ValueSet.of({ kind: 'object', object: a.heap.objectAt(declaration, 'instance') });
  constructInto(a, declaration, args, instance, 0);
  return instance;
}

function constructInto(a: Analysis, declaration: ts.ClassLikeDeclaration, args: Args, self: ValueSet, depth: number): void {
  if (depth > 16) return;
  a.write(a.thisOf(declaration), self);
  // Any method may run on any instance: a field write in a method no code here calls still counts.
  for (const member of declaration.members) {
    if ((ts.isMethodDeclaration(member) || ts.isAccessor(member)) && !isStatic(member)) a.write(a.thisOf(member), self);
  }
  const constructor = declaration.members.find((member): member is ts.ConstructorDeclaration => ts.isConstructorDeclaration(member) && member.body !== undefined);
  if (constructor) {
    bindParameters(a, constructor, args);
    return;
  }
  // No constructor of its own: the arguments go to the base class's.
  for (const base of a.location(basesKey(declaration))) constructBase(a, base, args, self, depth);
}

function constructBase(a: Analysis, base: Value, args: Args, self: ValueSet, depth: number): void {
  if (base.kind === 'class') constructInto(a, base.node, args, self, depth + 1);
  else if (base.kind === 'function') {
    bindParameters(a, base.node, args);
    a.write(a.thisOf(base.node), self);
  }
}

/** `super(args)` in a constructor: the base class's constructor runs on the same `this`. */
function superCall(a: Analysis, node: ts.CallExpression): ValueSet {
  const owner = enclosingClass(node);
  if (!owner) return new ValueSet();
  const args = evaluateArguments(a, node);
  for (const base of a.location(basesKey(owner))) constructBase(a, base, args, a.thisOf(owner), 0);
  return new ValueSet();
}

/** `new F()` of a constructor function: its instance, `this` inside it. */
function constructFunction(a: Analysis, fn: ts.SignatureDeclaration, args: Args): ValueSet {
  const instance = ValueSet.of({ kind: 'object', object: a.heap.objectAt(fn, 'instance') });
  a.write(a.thisOf(fn), instance);
  bindParameters(a, fn, args);
  return instance;
}

// ---- npm and node: modules ----

/** Calling a member of a module: the builtins table first, then the client tables, else unknown. */
function callApi(a: Analysis, call: CallLike, api: ApiValue, args: Args, isNew: boolean): ValueSet {
  const name = `${api.module}:${api.path.join('.')}`;
  const builtin = own(BUILTINS, name);
  if (builtin) return builtin({ a, call, args, receiver: undefined, api });
  const model = api.model?.call;
  if (model) return clientCall(a, call, api, model, args);
  if (HARMLESS_MODULES.has(api.module) || HARMLESS_MODULES.has(name) || HARMLESS_MODULES.has(`${api.module}:${api.path[0] ?? ''}`)) {
    return ValueSet.of(unknown('call', call, shortText(call.expression)));
  }
  void isNew;
  return unknownCall(a, call, args, `${api.module === '<global>' ? '' : `${api.module}: `}${shortText(call.expression)}`, api.module === '<global>' ? 'global' : 'module');
}

/** The option layout a modelled call reads: its own, or its family's. */
export function layoutOf(api: { module: string; path: readonly string[] }, model: CallModel): OptionLayout | undefined {
  return model.layout ?? familyOfApi(api)?.layout;
}

export function familyOfApi(api: { module: string; path: readonly string[] }): ReturnType<typeof familyOfModule> {
  return api.module === '<global>' ? familyOfModule(`<global>:${api.path[0] ?? ''}`) : familyOfModule(api.module);
}

/** What a modelled client call makes; who reads which TLS settings is worked out afterwards (consumers.ts). */
function clientCall(a: Analysis, call: CallLike, api: ApiValue, model: CallModel, args: Args): ValueSet {
  const family = familyOfApi(api);
  const owner = api.receiver ?? a.moduleStateOf(api.module);
  // A response or connection callback (`https.get(url, (res) => …)`, `createServer((req) => …)`) is
  // called by the library with what the network sends: its parameters are input, never nothing
  // (a redirect followed by hand reads `res.headers.location`).
  if (model.role === 'request' || model.role === 'server') {
    for (const values of [...args.values, ...(args.rest ? [args.rest] : [])]) {
      for (const value of boundTargets(values)) if (value.kind === 'function') a.activate(value.node, 'input');
    }
  }
  switch (model.role) {
    case 'request': {
      bindHooks(a, call, model, layoutOf(api, model), args, optionValues(args, model));
      if (!model.returns || !family) return ValueSet.of(unknown('input', call, 'the response'));
      return ValueSet.of({ kind: 'object', object: makeClient(a, call, api, model) });
    }
    case 'agent':
    case 'secure-context':
    case 'instance': {
      if (!family) return ValueSet.of(unknown('module', call));
      const client = makeClient(a, call, api, model);
      // got's hooks in the options receive every request's options.
      bindHooks(a, call, model, layoutOf(api, model), args, ValueSet.of({ kind: 'object', object: hookOptionsOf(a, client) }));
      if (model.factory) runFactory(a, call, model.factory, args);
      if (model.escapes) a.escape([{ kind: 'object', object: client }], 'call', call, `${api.module}: dependency injection`);
      if (model.injectedAs) provideForApiClass(a, model.injectedAs, ValueSet.of({ kind: 'object', object: client }));
      return ValueSet.of({ kind: 'object', object: client });
    }
    case 'configure':
      // `setOpts(opts)`: opts join what the client uses for every request.
      a.write(fieldOf(owner, CONFIGURED), optionValues(args, model));
      return ValueSet.of(UNDEFINED);
    case 'redirect': {
      if (!model.setting) return ValueSet.of(UNDEFINED);
      const given = model.host !== undefined ? argumentAt(args, model.host) : model.url !== undefined ? argumentAt(args, model.url) : undefined;
      const urls = model.host !== undefined && given ? concatenate(ValueSet.of(text('https://', call)), given, call) : (given ?? new ValueSet());
      a.write(fieldOf(owner, model.setting), urls);
      return ValueSet.of(UNDEFINED);
    }
    case 'delegate':
      if (model.delegate) bindDelegate(a, call, argumentAt(args, 0) ?? new ValueSet(), model.delegate);
      return ValueSet.of(UNDEFINED);
    case 'hook': {
      const callback = model.callback === undefined ? undefined : argumentAt(args, model.callback);
      if (callback) callCallbacks(a, call, callback, { values: [ValueSet.of({ kind: 'object', object: hookOptionsOf(a, owner) })], nodes: [] });
      return ValueSet.of(unknown('operation', call));
    }
    case 'tls-setter': {
      const site = a.sites.idOf(call);
      if (site !== undefined && model.setting) {
        const settings = a.heap.slotOf(owner, '<settings>');
        noteRelays(a, site, argumentAt(args, 0) ?? new ValueSet());
        a.write(fieldOf(settings, model.setting), [{ kind: 'setting', site }]);
      }
      return ValueSet.of({ kind: 'object', object: owner });
    }
    case 'option-setter':
      // `.agent(a)`: the request's options now hold `a` (its agent's TLS settings serve the request).
      if (model.setting) a.write(fieldOf(a.heap.slotOf(owner, '<settings>'), model.setting), argumentAt(args, 0) ?? ValueSet.of(unknown('operation', call)));
      return ValueSet.of({ kind: 'object', object: owner });
    case 'chain':
      return api.receiver ? ValueSet.of({ kind: 'object', object: api.receiver }) : ValueSet.of(unknown('operation', call));
    case 'global':
      return ValueSet.of(UNDEFINED);
    case 'server':
      return ValueSet.of(unknown('input', call, 'the server'));
  }
}


/** Where `setOpts(opts)` keeps what it is given, on the client (consumers.ts reads it as options). */
export const CONFIGURED = '<configured>';

/** `registerAsync({ useFactory })`: the function runs with what the framework injects. */
function runFactory(a: Analysis, call: CallLike, factory: NonNullable<CallModel['factory']>, args: Args): void {
  for (const fn of readPath(a, argumentAt(args, factory.argument) ?? new ValueSet(), factory.path, call)) {
    if (fn.kind !== 'function') continue;
    a.called.add(fn.node);
    bindParameters(a, fn.node, { values: fn.node.parameters.map((parameter) => injected(a, parameter, call)), nodes: [] });
  }
}

/**
 * What dependency injection hands a parameter: an instance of the class its type names when that
 * class comes from a module (`config: ConfigService` is @nestjs/config's), else unknown.
 */
function injected(a: Analysis, parameter: ts.ParameterDeclaration, at: ts.Node): ValueSet {
  const type = parameter.type;
  if (type && ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName)) {
    const declaration = a.symbolOf(type.typeName)?.declarations?.[0];
    const imported = declaration ? importValue(a, declaration) : undefined;
    const classes = [...(imported ?? [])].filter((value) => value.kind === 'api');
    if (classes.length > 0) return ValueSet.of(...classes.map((value) => ({ ...value, path: [...value.path, '()'], model: undefined }) as Value));
  }
  return ValueSet.of(unknown('input', at, 'what the framework injects'));
}

/**
 * An object a client calls to send its requests (`createHttp(service)`, `HttpKit.setHttpDelegate = kit`):
 * each method it calls gets one of the client's URLs where the URL goes, and what else the client
 * passes elsewhere; the object is `this`.
 */
export function bindDelegate(a: Analysis, at: ts.Node, objects: ValueSet, delegate: DelegateModel): void {
  const urls = ValueSet.of(...delegate.hosts.map((host): Value => ({ kind: 'string', parts: [{ text: `https://${host}/`, origin: at }, { hole: unknown('input', at, 'a path the SDK sends') }] })));
  const passed = ValueSet.of(unknown('input', at, 'what the SDK passes'));
  for (const object of objects) {
    for (const [method, { url }] of Object.entries(delegate.methods)) {
      const values = Array.from({ length: Math.max(url + 1, 4) }, (_, index) => (index === url ? urls : passed));
      for (const fn of readField(a, [object], method, at)) {
        if (fn.kind !== 'function') continue;
        a.called.add(fn.node);
        bindParameters(a, fn.node, { values, nodes: [] });
        a.write(a.thisOf(fn.node), [object]);
      }
    }
  }
}

/** The object a modelled call makes, once per call site. */
function makeClient(a: Analysis, call: CallLike, api: ApiValue, model: CallModel): import('./heap.ts').AbstractObject {
  const client = a.heap.objectAt(call, 'client');
  const family = familyOfApi(api)!;
  const parent = api.receiver?.kind === 'client' && api.receiver.client?.call ? api.receiver : undefined;
  client.client ??= { family, module: api.module, creation: model, node: model.returns, call, parent };
  return client;
}

/** The options a client's hooks and interceptors receive: what the client keeps, per request. */
export function hookOptionsOf(a: Analysis, owner: import('./heap.ts').AbstractObject): import('./heap.ts').AbstractObject {
  return slotObject(a, owner, '<request-options>', { slot: { holds: 'options' } });
}

/** Functions at the layout's hook paths in the call's options get `receives` as their first argument. */
function bindHooks(a: Analysis, call: CallLike, model: CallModel, layout: OptionLayout | undefined, args: Args, receives: ValueSet): void {
  if (!layout?.hooks) return;
  const options = optionValues(args, model);
  for (const path of layout.hooks) {
    const hooks = readPath(a, options, path, call);
    const fns = new ValueSet();
    for (const value of hooks) {
      if (value.kind === 'function' || (value.kind === 'object' && value.object.kind === 'bound')) fns.add(value);
      else if (value.kind === 'object') fns.addAll(readField(a, [value], undefined, call));
    }
    callCallbacks(a, call, fns, { values: [receives], nodes: [] });
  }
}

function optionValues(args: Args, model: CallModel): ValueSet {
  const values = new ValueSet();
  for (const index of model.options ?? []) {
    const given = argumentAt(args, index);
    if (given) for (const value of given) if (value.kind === 'object') values.add(value);
  }
  return values;
}

export type { Args };

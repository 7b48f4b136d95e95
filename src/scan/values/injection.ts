// Dependency injection: a constructor parameter marked `@Inject(TOKEN)` (`@inject` in inversify and
// tsyringe), or typed with a class, receives what the providers of that token make, and so does a
// `container.get(TOKEN)`. Providers: an object literal `{ provide: TOKEN, useValue | useFactory |
// useClass | useExisting }` (NestJS; tsyringe's `container.register(TOKEN, { useX })`), a class the
// container constructs itself (one with a decorator), inversify's `container.bind(TOKEN).to(C) /
// .toConstantValue(v) / .toDynamicValue(fn) / .toService(T)`, tsyringe's `registerInstance` and
// `registerSingleton`. Without these writes an axios instance made for a container and injected into a
// service was never seen sending the service's absolute URLs. A token no provider answers is unknown.
import { ts } from '../typescript.ts';
import { isStatic, propertyNameText, skipOuter } from '../syntax.ts';
import type { Analysis } from './analysis.ts';
import { bindParameters, construct, type Args } from './calls.ts';
import type { Operation, OperationContext } from './builtins.ts';
import { writeField } from './fields.ts';
import { fieldOf } from './heap.ts';
import { UNDEFINED, ValueSet, keyOf, unknown, type Value } from './lattice.ts';

/** The keys of a provider object, by what the container does with the value. */
const PROVIDER_KEYS = ['useValue', 'useFactory', 'useClass', 'useExisting'] as const;

/** Decorators on a constructor parameter that name its token. */
const INJECT_DECORATORS: ReadonlySet<string> = new Set(['Inject', 'inject', 'InjectRepository']);

/** `{ provide: TOKEN, useX: … }`: an object literal the container reads as a provider. */
export function isProviderLiteral(node: ts.Node): node is ts.ObjectLiteralExpression {
  if (!ts.isObjectLiteralExpression(node)) return false;
  const names = node.properties.map((property) => (property.name ? propertyNameText(property.name) : undefined));
  return names.includes('provide') && PROVIDER_KEYS.some((key) => names.includes(key));
}

/** A class whose constructor the container calls: it has a decorator and constructor parameters. */
export function isInjectedClass(node: ts.Node): node is ts.ClassLikeDeclaration {
  if (!ts.isClassLike(node) || (ts.getDecorators(node)?.length ?? 0) === 0) return false;
  return node.members.some((member) => ts.isConstructorDeclaration(member) && member.parameters.length > 0);
}

/** What the providers of a token make, as of this round. */
function provided(a: Analysis, token: Value): ValueSet {
  return a.location(`injected:${keyOf(token)}`);
}

function provide(a: Analysis, tokens: ValueSet, values: ValueSet): void {
  for (const token of tokens) a.write(provided(a, token), values);
}

/**
 * What the container injects for `tokens`: their providers' values. A token no provider in the loaded
 * code answers (once the rounds settle) is unknown.
 */
function inject(a: Analysis, tokens: Iterable<Value>, at: ts.Node): ValueSet {
  const result = new ValueSet();
  let any = false;
  for (const token of tokens) {
    any = true;
    // A class of a package (`inject: [ConfigService]`): the container makes one of its instances, as
    // `new ConfigService()` would be (the builtins table may model its methods).
    if (token.kind === 'api') {
      const made = provided(a, apiToken(token));
      if (made.size > 0) result.addAll(made);
      else result.add({ kind: 'api', module: token.module, path: [...token.path, '()'], model: undefined });
      continue;
    }
    const values = provided(a, token);
    if (values.size === 0) a.noteUnanswered(values, unknown('call', at, `what the container injects for ${at.getText()}`));
    result.addAll(values);
  }
  if (!any) result.add(unknown('call', at, `what the container injects for ${at.getText()}`));
  return result;
}

/** The expression a literal gives a key (`key: value`, or shorthand `key`). */
function memberOf(literal: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  const property = literal.properties.find((candidate) => candidate.name !== undefined && propertyNameText(candidate.name) === name);
  if (!property) return undefined;
  if (ts.isPropertyAssignment(property)) return property.initializer;
  if (ts.isShorthandPropertyAssignment(property)) return property.name;
  return undefined;
}

/** A package's class as a token: by module and path, whatever the model says of it. */
function apiToken(api: { module: string; path: readonly string[] }): Value {
  return { kind: 'api', module: api.module, path: api.path, model: undefined };
}

/** What a client call makes for a package's class token (`HttpModule.register` for `HttpService`). */
export function provideForApiClass(a: Analysis, token: { module: string; path: readonly string[] }, values: ValueSet): void {
  provide(a, ValueSet.of(apiToken(token)), values);
}

/** A provider object: its token gets what the `useX` key makes. */
export function registerProvider(a: Analysis, literal: ts.ObjectLiteralExpression): void {
  const provideExpression = memberOf(literal, 'provide');
  if (!provideExpression) return;
  registerProviderFor(a, a.evaluate(provideExpression), literal);
}

/** What a provider object (`{ useValue | useFactory | useClass | useExisting }`) makes, for `tokens`. */
function registerProviderFor(a: Analysis, tokens: ValueSet, literal: ts.ObjectLiteralExpression, container?: ValueSet): void {
  const member = (name: string): ts.Expression | undefined => memberOf(literal, name);
  const useValue = member('useValue');
  if (useValue) provide(a, tokens, a.evaluate(useValue));
  const useExisting = member('useExisting');
  if (useExisting) provide(a, tokens, inject(a, a.evaluate(useExisting), useExisting));
  const useClass = member('useClass');
  if (useClass) {
    for (const value of a.evaluate(useClass)) {
      if (value.kind === 'class') provide(a, tokens, constructInjected(a, value.node));
      else provide(a, tokens, ValueSet.of(unknown('call', useClass, useClass.getText())));
    }
  }
  const factoryMethod = literal.properties.find((property): property is ts.MethodDeclaration => ts.isMethodDeclaration(property) && property.name !== undefined && propertyNameText(property.name) === 'useFactory');
  const useFactory = member('useFactory');
  const factories: Value[] = factoryMethod ? [{ kind: 'function', node: factoryMethod }] : useFactory ? [...a.evaluate(useFactory)] : [];
  if (factories.length === 0) return;
  // `inject: [ConfigService, TOKEN]`: the factory's arguments, by position.
  const injectList = member('inject');
  const injected = injectList && ts.isArrayLiteralExpression(skipOuter(injectList)) ? (skipOuter(injectList) as ts.ArrayLiteralExpression).elements : [];
  // Nest calls the factory with its `inject` list; tsyringe with the container.
  const values = injected.length > 0 || !container ? injected.map((element) => inject(a, a.evaluate(element), element)) : [container];
  const args: Args = { values, nodes: [] };
  for (const factory of factories) {
    if (factory.kind !== 'function') {
      provide(a, tokens, ValueSet.of(unknown('call', literal, 'useFactory')));
      continue;
    }
    a.called.add(factory.node);
    bindParameters(a, factory.node, args);
    provide(a, tokens, a.returnsOf(factory.node));
  }
}

/** A class the container constructs: the class is its own token, and its parameters get their tokens' values. */
export function registerInjectedClass(a: Analysis, declaration: ts.ClassLikeDeclaration): void {
  a.injectedClasses.add(declaration);
  provide(a, ValueSet.of({ kind: 'class', node: declaration }), constructInjected(a, declaration));
}

function constructInjected(a: Analysis, declaration: ts.ClassLikeDeclaration): ValueSet {
  const constructor = declaration.members.find((member): member is ts.ConstructorDeclaration => ts.isConstructorDeclaration(member));
  const values = (constructor?.parameters ?? []).map((parameter) => inject(a, tokensOf(a, parameter), parameter));
  return construct(a, declaration, { values, nodes: [] });
}

/** `@Inject(TOKEN) x` names TOKEN; `x: SomeClass` names the class; anything else names nothing. */
function tokensOf(a: Analysis, parameter: ts.ParameterDeclaration | ts.PropertyDeclaration): Value[] {
  const named = injectTokens(a, parameter);
  if (named) return named;
  const type = parameter.type;
  // The type's name read as a value: a class of the project, or of a package (`HttpService`).
  if (type && ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName)) return [...a.evaluate(type.typeName)].filter((value) => value.kind === 'class' || value.kind === 'api');
  return [];
}

/**
 * The token an `@Inject(TOKEN)` decorator names (Nest's `Inject`, inversify's and tsyringe's `inject`),
 * known by what the decorator is (an import under any name) or by its name; undefined without one.
 */
function injectTokens(a: Analysis, node: ts.ParameterDeclaration | ts.PropertyDeclaration): Value[] | undefined {
  for (const decorator of ts.getDecorators(node) ?? []) {
    const call = decorator.expression;
    if (!ts.isCallExpression(call) || call.arguments.length === 0) continue;
    const callee = skipOuter(call.expression);
    const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
    const isInject = (name !== undefined && INJECT_DECORATORS.has(name)) || [...a.evaluate(callee)].some((value) => value.kind === 'api' && INJECT_DECORATORS.has(value.path.at(-1) ?? ''));
    if (isInject) return [...a.evaluate(call.arguments[0]!)];
  }
  return undefined;
}

/** `@inject(TOKEN) private http!: AxiosInstance` (property injection): a field the container writes. */
export function isInjectedProperty(node: ts.Node): node is ts.PropertyDeclaration {
  return ts.isPropertyDeclaration(node) && (ts.getDecorators(node)?.length ?? 0) > 0 && !isStatic(node);
}

export function registerInjectedProperty(a: Analysis, property: ts.PropertyDeclaration): void {
  const tokens = injectTokens(a, property);
  const name = property.name && (ts.isIdentifier(property.name) || ts.isPrivateIdentifier(property.name)) ? property.name.text : undefined;
  if (!tokens || name === undefined || !ts.isClassLike(property.parent)) return;
  writeField(a, a.thisOf(property.parent), name, inject(a, tokens, property), property);
}

// ---- containers as objects: inversify's Container, tsyringe's container ----

/** `new Container()` (inversify), tsyringe's `container`: one object per place that makes it. */
export function containerAt(context: OperationContext): ValueSet {
  return ValueSet.of({ kind: 'object', object: context.a.heap.objectAt(context.call, 'container') });
}

function tokenArgument(context: OperationContext, index = 0): ValueSet {
  return context.args.values[index] ?? ValueSet.of(unknown('parameter', context.call, 'a token'));
}

function classesIn(values: ValueSet): ts.ClassLikeDeclaration[] {
  return [...values].flatMap((value) => (value.kind === 'class' ? [value.node] : []));
}

/** `container.bind(TOKEN)`: a binding whose `.to…()` says what TOKEN gets. */
function bindToken(context: OperationContext): ValueSet {
  const binding = context.a.heap.objectAt(context.call, 'binding');
  context.a.write(fieldOf(binding, '<token>'), tokenArgument(context));
  return ValueSet.of({ kind: 'object', object: binding });
}

const resolveToken: Operation = (context) => inject(context.a, tokenArgument(context), context.call);

export const CONTAINER_METHODS: Record<string, Operation> = {
  bind: bindToken,
  rebind: bindToken,
  get: resolveToken,
  getAsync: resolveToken,
  getNamed: resolveToken,
  getTagged: resolveToken,
  getAll: (context) => resolveToken(context),
  resolve: resolveToken,
  resolveAll: resolveToken,
  // tsyringe: `register(TOKEN, { useValue | useClass | useFactory })`, or a class for its token.
  register: (context) => {
    // The provider: an object literal here or in a variable, or a class.
    for (const provider of context.args.values[1] ?? []) {
      if (provider.kind === 'object' && ts.isObjectLiteralExpression(provider.object.node)) registerProviderFor(context.a, tokenArgument(context), provider.object.node, context.receiver!);
      else if (provider.kind === 'class') provide(context.a, tokenArgument(context), constructInjected(context.a, provider.node));
      else provide(context.a, tokenArgument(context), ValueSet.of(unknown('call', context.call, 'a provider the scanner cannot read')));
    }
    return context.receiver!;
  },
  registerInstance: (context) => {
    provide(context.a, tokenArgument(context), context.args.values[1] ?? ValueSet.of(UNDEFINED));
    return context.receiver!;
  },
  registerSingleton: (context) => {
    const classes = classesIn(context.args.values[1] ?? tokenArgument(context));
    for (const declaration of classes) provide(context.a, tokenArgument(context), constructInjected(context.a, declaration));
    return context.receiver!;
  },
  createChild: (context) => context.receiver!,
  createChildContainer: (context) => context.receiver!,
};
CONTAINER_METHODS['registerType'] = CONTAINER_METHODS['registerSingleton']!;

function bindingTokens(context: OperationContext): ValueSet {
  const tokens = new ValueSet();
  for (const binding of context.receiver!) if (binding.kind === 'object') tokens.addAll(binding.object.fields.get('<token>') ?? []);
  return tokens;
}

/** A binding's `.to…()`: what its token gets. Each returns the binding, for `.inSingletonScope()`. */
export const BINDING_METHODS: Record<string, Operation> = {
  to: (context) => {
    for (const declaration of classesIn(context.args.values[0] ?? new ValueSet())) provide(context.a, bindingTokens(context), constructInjected(context.a, declaration));
    return context.receiver!;
  },
  toSelf: (context) => {
    for (const declaration of classesIn(bindingTokens(context))) provide(context.a, bindingTokens(context), constructInjected(context.a, declaration));
    return context.receiver!;
  },
  toConstantValue: (context) => {
    provide(context.a, bindingTokens(context), context.args.values[0] ?? ValueSet.of(UNDEFINED));
    return context.receiver!;
  },
  toDynamicValue: (context) => {
    // The function runs with the container's context, which the analysis does not model.
    for (const fn of context.args.values[0] ?? []) {
      if (fn.kind !== 'function') continue;
      context.a.called.add(fn.node);
      bindParameters(context.a, fn.node, { values: [ValueSet.of(unknown('parameter', context.call, 'context'))], nodes: [] });
      provide(context.a, bindingTokens(context), context.a.returnsOf(fn.node));
    }
    return context.receiver!;
  },
  toService: (context) => {
    provide(context.a, bindingTokens(context), inject(context.a, context.args.values[0] ?? new ValueSet(), context.call));
    return context.receiver!;
  },
  inSingletonScope: (context) => context.receiver!,
  inTransientScope: (context) => context.receiver!,
  inRequestScope: (context) => context.receiver!,
  whenTargetNamed: (context) => context.receiver!,
  whenTargetTagged: (context) => context.receiver!,
};
BINDING_METHODS['toFactory'] = BINDING_METHODS['toDynamicValue']!;
BINDING_METHODS['toProvider'] = BINDING_METHODS['toDynamicValue']!;

// ---- NestJS module metadata ----

/**
 * `@Module({ providers, controllers, imports })`: Nest's container reads it. What provider objects make
 * goes where their tokens are injected (modelled above), so they do not leave; classes are constructed
 * by the container and their instances' methods called by Nest (a controller's routes, with request
 * input): they leave as instances. A dynamic module (`forRoot()`'s `{ module, providers }`) is read the
 * same way; anything else in the metadata leaves as it is.
 */
export const nestModule: Operation = (context) => {
  const leaving = new ValueSet();
  const seen = new Set<number>();
  const visit = (values: Iterable<Value>, depth: number): void => {
    for (const value of values) {
      if (depth > 8) leaving.add(value);
      else if (value.kind === 'class') {
        // Constructed by the container, whatever its constructor takes, and its own token's provider.
        context.a.injectedClasses.add(value.node);
        const instance = constructInjected(context.a, value.node);
        provide(context.a, ValueSet.of(value), instance);
        leaving.addAll(instance);
      }
      else if (value.kind !== 'object') leaving.add(value);
      else if (seen.has(value.object.id)) continue;
      else if (value.object.kind === 'literal' && isProviderLiteral(value.object.node)) seen.add(value.object.id);
      else if (value.object.kind === 'literal' || value.object.kind === 'array') {
        seen.add(value.object.id);
        for (const [key, members] of value.object.fields) if (key !== 'module' && key !== 'exports') visit(members, depth + 1);
        visit(value.object.anyKey, depth + 1);
      } else leaving.add(value);
    }
  };
  visit(context.args.values[0] ?? [], 0);
  context.a.escape(leaving, 'call', context.call, '@nestjs/common: Module');
  return ValueSet.of(unknown('module', context.call, '@Module()'));
};

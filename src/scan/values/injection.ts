// Dependency injection (NestJS, and containers that take the same provider objects): a constructor
// parameter marked `@Inject(TOKEN)`, or typed with a class, receives what the providers of that token
// make. A provider is an object literal `{ provide: TOKEN, useValue | useFactory | useClass |
// useExisting }`, or a class the container constructs itself (one with a decorator). Without these
// writes an axios instance made in a `useFactory` and injected into a service was never seen sending
// the service's absolute URLs. A token no provider in the loaded code answers stays unknown.
import { ts } from '../typescript.ts';
import { propertyNameText, skipOuter } from '../syntax.ts';
import type { Analysis } from './analysis.ts';
import { bindParameters, construct, type Args } from './calls.ts';
import { ValueSet, keyOf, unknown, type Value } from './lattice.ts';

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
    const values = provided(a, token);
    if (values.size === 0) a.noteUnanswered(values, unknown('parameter', at, at.getText()));
    result.addAll(values);
  }
  if (!any) result.add(unknown('parameter', at, at.getText()));
  return result;
}

/** A provider object: its token gets what the `useX` key makes. */
export function registerProvider(a: Analysis, literal: ts.ObjectLiteralExpression): void {
  const member = (name: string): ts.Expression | undefined => {
    const property = literal.properties.find((candidate) => candidate.name !== undefined && propertyNameText(candidate.name) === name);
    if (!property) return undefined;
    if (ts.isPropertyAssignment(property)) return property.initializer;
    if (ts.isShorthandPropertyAssignment(property)) return property.name;
    return undefined;
  };
  const provideExpression = member('provide');
  if (!provideExpression) return;
  const tokens = a.evaluate(provideExpression);
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
  const args: Args = { values: injected.map((element) => inject(a, a.evaluate(element), element)), nodes: [] };
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
function tokensOf(a: Analysis, parameter: ts.ParameterDeclaration): Value[] {
  for (const decorator of ts.getDecorators(parameter) ?? []) {
    const call = decorator.expression;
    if (!ts.isCallExpression(call) || call.arguments.length === 0) continue;
    const callee = skipOuter(call.expression);
    const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
    if (name && INJECT_DECORATORS.has(name)) return [...a.evaluate(call.arguments[0]!)];
  }
  const type = parameter.type;
  // The type's name read as a value: an imported or local class of the project (a type from a
  // package, `AxiosInstance`, is no class here and names nothing).
  if (type && ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName)) return [...a.evaluate(type.typeName)].filter((value) => value.kind === 'class');
  return [];
}

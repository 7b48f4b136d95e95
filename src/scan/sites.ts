// Where a file sets a TLS option the tool cares about: a `ca` (or got's `certificateAuthority`) in an
// object literal, `x.ca = …`, superagent's `.ca(…)`, and the insecure settings
// (`rejectUnauthorized` or request's `strictSSL` not true, an accept-all `checkServerIdentity`,
// NODE_TLS_REJECT_UNAUTHORIZED=0).
import { ts } from './typescript.ts';
import type { FindingKind } from '../types.ts';
import { isProcessEnv, propertyNameText, skipOuter } from './syntax.ts';

export type RemovalKind = 'property' | 'statement' | 'chain-call';

export interface Site {
  kind: FindingKind;
  /** The option's name: ca, certificateAuthority, rejectUnauthorized, strictSSL, checkServerIdentity. */
  key: string;
  /** What the finding's position points at (the key, the `.ca`, the assignment). */
  reported: ts.Node;
  /** What a fix removes. */
  removal: { kind: RemovalKind; node: ts.Node };
  /** How the scanner finds the hosts. */
  shape:
    | { kind: 'property'; holder: ts.ObjectLiteralExpression }
    | { kind: 'assignment'; target: ts.Expression }
    | { kind: 'chain'; call: ts.CallExpression }
    | { kind: 'process-env' };
  /** The expression holding the CA, for certificate insight. */
  value?: ts.Expression;
}

const CA_KEYS = new Set(['ca', 'certificateAuthority']);

export function findSites(file: ts.SourceFile): Site[] {
  const sites: Site[] = [];
  const visit = (node: ts.Node): void => {
    const site = siteAt(node);
    if (site) sites.push(site);
    ts.forEachChild(node, visit);
  };
  visit(file);
  return sites;
}

function siteAt(node: ts.Node): Site | undefined {
  if ((ts.isPropertyAssignment(node) || ts.isShorthandPropertyAssignment(node)) && ts.isObjectLiteralExpression(node.parent)) {
    return propertySite(node, node.parent);
  }
  if (ts.isExpressionStatement(node)) return assignmentSite(node);
  if (ts.isCallExpression(node)) return chainSite(node);
  return undefined;
}

function propertySite(
  property: ts.PropertyAssignment | ts.ShorthandPropertyAssignment,
  holder: ts.ObjectLiteralExpression,
): Site | undefined {
  const key = propertyNameText(property.name);
  if (key === undefined) return undefined;
  const value = ts.isPropertyAssignment(property) ? property.initializer : property.name;
  const kind = settingKind(key, value);
  if (!kind) return undefined;
  return {
    kind,
    key,
    reported: property.name,
    removal: { kind: 'property', node: property },
    shape: { kind: 'property', holder },
    value,
  };
}

function assignmentSite(statement: ts.ExpressionStatement): Site | undefined {
  const expression = statement.expression;
  if (!ts.isBinaryExpression(expression) || expression.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return undefined;
  const target = expression.left;
  if (!ts.isPropertyAccessExpression(target) && !ts.isElementAccessExpression(target)) return undefined;
  const key = ts.isPropertyAccessExpression(target)
    ? target.name.text
    : ts.isStringLiteralLike(target.argumentExpression)
      ? target.argumentExpression.text
      : undefined;
  if (key === undefined) return undefined;
  if (key === 'NODE_TLS_REJECT_UNAUTHORIZED' && isProcessEnv(target.expression)) {
    if (!disablesCheck(expression.right)) return undefined;
    return { kind: 'insecure-tls', key, reported: target, removal: { kind: 'statement', node: statement }, shape: { kind: 'process-env' } };
  }
  const kind = settingKind(key, expression.right);
  if (!kind) return undefined;
  return {
    kind,
    key,
    reported: target,
    removal: { kind: 'statement', node: statement },
    shape: { kind: 'assignment', target: target.expression },
    value: expression.right,
  };
}

/** `.ca(x)` in a call chain: `superagent.get(url).ca(x)`. Whether it is superagent is checked later. */
function chainSite(call: ts.CallExpression): Site | undefined {
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'ca' || call.arguments.length !== 1) return undefined;
  return {
    kind: 'pinned-ca',
    key: 'ca',
    reported: callee.name,
    removal: { kind: 'chain-call', node: call },
    shape: { kind: 'chain', call },
    value: call.arguments[0],
  };
}

/** Is `key: value` a pinned CA, an insecure setting, or neither? */
function settingKind(key: string, value: ts.Expression): FindingKind | undefined {
  if (CA_KEYS.has(key)) return pinsCa(value) ? 'pinned-ca' : undefined;
  if (key === 'rejectUnauthorized') return skipOuter(value).kind === ts.SyntaxKind.TrueKeyword ? undefined : 'insecure-tls';
  // request's name for it: `strictSSL: false` turns rejectUnauthorized off (whether request-family
  // code receives it is checked with the hosts).
  if (key === 'strictSSL') return skipOuter(value).kind === ts.SyntaxKind.TrueKeyword ? undefined : 'insecure-tls';
  if (key === 'checkServerIdentity') return acceptsEveryServer(value) ? 'insecure-tls' : undefined;
  return undefined;
}

/**
 * `ca: undefined` pins nothing. Anything else may: whether it is read by TLS, and whether it extends
 * Node's own roots instead of replacing them, the analysis decides.
 */
function pinsCa(value: ts.Expression): boolean {
  const inner = skipOuter(value);
  if (inner.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(inner) && inner.text === 'undefined')) return false;
  if (inner.kind === ts.SyntaxKind.TrueKeyword || inner.kind === ts.SyntaxKind.FalseKeyword) return false;
  return !ts.isNumericLiteral(inner);
}

/** A checkServerIdentity that returns nothing accepts any certificate for any name. */
function acceptsEveryServer(value: ts.Expression): boolean {
  const inner = skipOuter(value);
  if (!ts.isArrowFunction(inner) && !ts.isFunctionExpression(inner)) return false;
  const body = inner.body;
  if (!ts.isBlock(body)) return isNothing(body);
  return body.statements.every(
    (statement) => ts.isReturnStatement(statement) && (!statement.expression || isNothing(statement.expression)),
  );
}

function isNothing(expression: ts.Expression): boolean {
  const inner = skipOuter(expression);
  return (
    (ts.isIdentifier(inner) && inner.text === 'undefined') ||
    inner.kind === ts.SyntaxKind.NullKeyword ||
    ts.isVoidExpression(inner)
  );
}

/** NODE_TLS_REJECT_UNAUTHORIZED = '0' (or 0, or "0") turns verification off for the whole process. */
function disablesCheck(value: ts.Expression): boolean {
  const inner = skipOuter(value);
  return (ts.isStringLiteralLike(inner) && inner.text.trim() === '0') || (ts.isNumericLiteral(inner) && inner.text === '0');
}

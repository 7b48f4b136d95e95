// JSON with positions, for package.json and pm2's ecosystem.json. JSON.parse decides validity (strict,
// as npm and pm2 read these files); TypeScript's JSON parser gives the nodes their places.
import { ts } from '../../scan/typescript.ts';
import { ParseError } from '../types.ts';

/** The root value of a JSON text as a TypeScript node; ParseError when the text is not JSON. */
export function parseJson(file: string, text: string): { source: ts.SourceFile; root: ts.Expression | undefined } {
  try {
    JSON.parse(text);
  } catch (error) {
    const position = /at position (\d+)/.exec((error as Error).message)?.[1];
    // The place is given as (line:column) by the caller; V8's "at position N (line L column C)" goes.
    const message = (error as Error).message.replace(/ in JSON at position \d+.*$/, '');
    throw new ParseError(`not valid JSON: ${message}`, position === undefined ? undefined : Number(position));
  }
  const source = ts.parseJsonText(file, text);
  return { source, root: source.statements[0]?.expression };
}

/** The value of `key` in an object literal (a JSON object, or JS object literal without spreads). */
export function propertyValue(object: ts.Node | undefined, key: string): ts.Expression | undefined {
  if (!object || !ts.isObjectLiteralExpression(object)) return undefined;
  for (const property of object.properties) {
    if (ts.isPropertyAssignment(property) && propertyName(property.name) === key) return property.initializer;
  }
  return undefined;
}

/** A property's name when it is written out: `a`, `'a'`, `"a"`, `1`, `['a']`. */
export function propertyName(name: ts.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteralLike(name) || ts.isNumericLiteral(name)) return name.text;
  if (ts.isComputedPropertyName(name) && ts.isStringLiteralLike(name.expression)) return name.expression.text;
  return undefined;
}

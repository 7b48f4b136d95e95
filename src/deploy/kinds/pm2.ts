// pm2 ecosystem files: `env` and `env_<name>` blocks of the exported `apps`. The .js/.cjs/.mjs forms are
// code: parsed, never run. What they export is read as far as literals go in the file: `module.exports =`,
// `export default`, `module.exports.apps =`, and names bound to object or array literals (spreads too).
// pm2 hands env values to the process as strings: `0` and '0' alike are '0'.
import { ts } from '../../scan/typescript.ts';
import { ParseError, type DeploymentKind, type Found } from '../types.ts';
import { parseJson, propertyName } from './json.ts';

/** How deep a chain of names and spreads is followed: a cycle (`a = {...b}; b = {...a}`) ends here. */
const MAX_DEPTH = 8;

export const pm2: DeploymentKind = {
  meta: { id: 'pm2', description: 'pm2 ecosystem files (.js, .cjs, .mjs, .json): env and env_* blocks of the exported apps' },
  find(text, file) {
    const json = file.endsWith('.json');
    const source = json ? parseJson(file, text).source : parseScript(file, text);
    const reader = new Reader(source);
    const apps: ts.Expression[] = [];
    if (json) {
      const root = source.statements[0];
      if (root && ts.isExpressionStatement(root)) apps.push(...reader.property(root.expression, 'apps'));
    } else {
      for (const exported of reader.exports()) {
        if (exported.name === 'apps') apps.push(exported.value);
        else apps.push(...reader.property(exported.value, 'apps'));
      }
    }
    const found: Found[] = [];
    for (const app of apps.flatMap((list) => reader.elements(list))) {
      for (const block of reader.properties(app).filter((property) => property.name === 'env' || property.name.startsWith('env_'))) {
        for (const setting of reader.properties(block.value)) {
          found.push({ type: 'env', variable: setting.name, value: reader.literal(setting.value), start: setting.node.getStart(source), end: setting.node.getEnd() });
        }
      }
    }
    return found;
  },
};

function parseScript(file: string, text: string): ts.SourceFile {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  // parseDiagnostics: TypeScript's syntax errors for a file parsed on its own (no program needed).
  const first = (source as unknown as { parseDiagnostics: readonly ts.Diagnostic[] }).parseDiagnostics[0];
  if (first) throw new ParseError(`not valid JavaScript: ${ts.flattenDiagnosticMessageText(first.messageText, ' ')}`, first.start);
  return source;
}

interface Property {
  name: string;
  value: ts.Expression;
  /** The property itself: a finding spans it. */
  node: ts.Node;
}

/** Reads object and array literals through the names bound to them at the top of the file. */
class Reader {
  private readonly bindings = new Map<string, ts.Expression>();

  constructor(private readonly source: ts.SourceFile) {
    for (const statement of source.statements) {
      if (!ts.isVariableStatement(statement)) continue;
      for (const declaration of statement.declarationList.declarations) {
        if (ts.isIdentifier(declaration.name) && declaration.initializer) this.bindings.set(declaration.name.text, declaration.initializer);
      }
    }
  }

  /** What the file exports: the whole config, or one named export (`exports.apps = …`). */
  exports(): { name: string | undefined; value: ts.Expression }[] {
    const result: { name: string | undefined; value: ts.Expression }[] = [];
    for (const statement of this.source.statements) {
      if (ts.isExportAssignment(statement)) result.push({ name: undefined, value: statement.expression });
      if (ts.isVariableStatement(statement) && statement.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword)) {
        for (const declaration of statement.declarationList.declarations) {
          if (ts.isIdentifier(declaration.name) && declaration.initializer) result.push({ name: declaration.name.text, value: declaration.initializer });
        }
      }
      if (!ts.isExpressionStatement(statement) || !ts.isBinaryExpression(statement.expression)) continue;
      const { left, operatorToken, right } = statement.expression;
      if (operatorToken.kind !== ts.SyntaxKind.EqualsToken) continue;
      const target = left.getText(this.source).replace(/\s/g, '');
      if (target === 'module.exports') result.push({ name: undefined, value: right });
      const named = /^(?:module\.)?exports\.(\w+)$/.exec(target)?.[1];
      if (named) result.push({ name: named, value: right });
    }
    return result;
  }

  /** An expression with parentheses, type assertions and names bound at the top of the file seen through. */
  resolve(expression: ts.Expression, depth = 0): ts.Expression {
    let current = expression;
    for (;;) {
      if (ts.isParenthesizedExpression(current) || ts.isAsExpression(current) || ts.isSatisfiesExpression(current) || ts.isNonNullExpression(current)) {
        current = current.expression;
      } else if (ts.isIdentifier(current) && this.bindings.has(current.text) && depth < MAX_DEPTH) {
        current = this.bindings.get(current.text)!;
        depth++;
      } else return current;
    }
  }

  /** The properties of an object literal, spreads included (later ones override earlier ones). */
  properties(expression: ts.Expression, depth = 0): Property[] {
    const object = this.resolve(expression);
    if (!ts.isObjectLiteralExpression(object) || depth > MAX_DEPTH) return [];
    const byName = new Map<string, Property>();
    for (const property of object.properties) {
      if (ts.isSpreadAssignment(property)) {
        for (const spread of this.properties(property.expression, depth + 1)) byName.set(spread.name, spread);
      } else if (ts.isPropertyAssignment(property)) {
        const name = propertyName(property.name);
        if (name !== undefined) byName.set(name, { name, value: property.initializer, node: property });
      } else if (ts.isShorthandPropertyAssignment(property)) {
        byName.set(property.name.text, { name: property.name.text, value: property.name, node: property });
      }
    }
    return [...byName.values()];
  }

  property(expression: ts.Expression, name: string): ts.Expression[] {
    return this.properties(expression)
      .filter((property) => property.name === name)
      .map((property) => property.value);
  }

  /** The entries of `apps`: an array literal's elements (spreads too), or a single app object. */
  elements(expression: ts.Expression, depth = 0): ts.Expression[] {
    const list = this.resolve(expression);
    if (!ts.isArrayLiteralExpression(list)) return [list];
    if (depth > MAX_DEPTH) return [];
    return list.elements.flatMap((element) => (ts.isSpreadElement(element) ? this.elements(element.expression, depth + 1) : [element]));
  }

  /** The string pm2 gives the process for a literal value, or undefined when the value is not a literal. */
  literal(expression: ts.Expression): string | undefined {
    const value = this.resolve(expression);
    if (ts.isStringLiteralLike(value)) return value.text;
    if (ts.isNumericLiteral(value)) return String(Number(value.text.replace(/_/g, '')));
    if (value.kind === ts.SyntaxKind.TrueKeyword) return 'true';
    if (value.kind === ts.SyntaxKind.FalseKeyword) return 'false';
    return undefined;
  }
}

// Where a pinned CA is read from: `fs.readFileSync(path.join(__dirname, 'certs/root.pem'))`, through
// constants and config modules. Only names candidate paths; reading them is the pipeline's job.
import path from 'node:path';
import { ts } from 'ts-morph';
import { Resolver, skipOuter } from './resolve.ts';
import { StringEvaluator } from './strings.ts';

const READ_CALLS = new Set(['readFileSync', 'readFile']);
const MAX_DEPTH = 4;

export class CertificatePathFinder {
  constructor(
    private readonly resolver: Resolver,
    private readonly strings: StringEvaluator,
  ) {}

  /** Absolute paths the CA value may be read from, most likely first. */
  candidates(value: ts.Expression, scanRoots: readonly string[]): string[] {
    const read = this.readCallOf(value, 0);
    const argument = read?.arguments[0];
    if (!argument) return [];
    const fileDirectory = path.dirname(read.getSourceFile().fileName);
    return this.pathsOf(argument, fileDirectory, scanRoots);
  }

  private readCallOf(value: ts.Expression, depth: number): ts.CallExpression | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const inner = skipOuter(value);
    if (ts.isCallExpression(inner)) {
      const callee = inner.expression;
      const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
      if (READ_CALLS.has(name)) return inner;
      // `readFileSync(p).toString()`, `Buffer.from(readFileSync(p))`
      if (ts.isPropertyAccessExpression(callee)) {
        const nested = this.readCallOf(callee.expression, depth + 1);
        if (nested) return nested;
      }
      for (const argument of inner.arguments) {
        const nested = this.readCallOf(argument, depth + 1);
        if (nested) return nested;
      }
      return undefined;
    }
    if (ts.isArrayLiteralExpression(inner) && inner.elements[0]) return this.readCallOf(inner.elements[0], depth + 1);
    if (ts.isIdentifier(inner) || ts.isPropertyAccessExpression(inner) || ts.isElementAccessExpression(inner)) {
      const initial = this.resolver.valueOfName(inner);
      return initial ? this.readCallOf(initial, depth + 1) : undefined;
    }
    return undefined;
  }

  private pathsOf(argument: ts.Expression, fileDirectory: string, scanRoots: readonly string[]): string[] {
    const inner = skipOuter(argument);
    if (ts.isCallExpression(inner) && ts.isPropertyAccessExpression(inner.expression)) {
      const method = inner.expression.name.text;
      if (method === 'join' || method === 'resolve') {
        const parts = inner.arguments.map((part) => this.partOf(part, fileDirectory));
        if (parts.every((part): part is string => part !== undefined)) {
          const joined = method === 'join' ? path.join(...parts) : path.resolve(fileDirectory, ...parts);
          return path.isAbsolute(joined) ? [joined] : this.relativeCandidates(joined, fileDirectory, scanRoots);
        }
        return [];
      }
    }
    const text = this.partOf(inner, fileDirectory);
    if (text === undefined) return [];
    return path.isAbsolute(text) ? [text] : this.relativeCandidates(text, fileDirectory, scanRoots);
  }

  private partOf(node: ts.Expression, fileDirectory: string): string | undefined {
    const inner = skipOuter(node);
    if (ts.isIdentifier(inner) && inner.text === '__dirname') return fileDirectory;
    if (ts.isTemplateExpression(inner) || ts.isBinaryExpression(inner)) {
      // `${__dirname}/certs/x.pem` and __dirname + '/certs/x.pem'
      const source = inner.getText();
      if (source.includes('__dirname')) {
        const rest = /__dirname\s*(?:\}|\+)\s*['"`]?([^'"`$]*)['"`]?\s*$/.exec(source)?.[1];
        if (rest !== undefined) return path.join(fileDirectory, rest);
      }
    }
    const values = this.strings.evaluate(inner);
    const first = values[0];
    return values.length === 1 && first?.kind === 'text' && first.complete ? first.text : undefined;
  }

  /** Node resolves a relative path against the working directory, usually the project root. */
  private relativeCandidates(relative: string, fileDirectory: string, scanRoots: readonly string[]): string[] {
    return [...scanRoots.map((root) => path.resolve(root, relative)), path.resolve(fileDirectory, relative)];
  }
}

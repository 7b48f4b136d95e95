// The tree jscodeshift's `j(source)` gives the transform, built without recast's copy of it.
//
// recast.parse hands the parser a normalised copy of the text (line breaks as \n, indentation as
// spaces), moves some node positions (util.fixFaultyLocations: decorators, export declarations,
// method and shorthand values, template literals, for-loop heads; the program's range over its
// comments), attaches comments, and then copies the whole tree (TreeCopier) and records every token,
// so that it can reprint what a transform changed. The transform reprints nothing: it cuts text by
// node positions. So for a text that recast's copy leaves as it is, this builds the very same nodes
// and positions in place: the same parser's tree of the same text (without its tokens, which only
// recast's printer reads), recast's own position fixes called in the order TreeCopier calls them,
// and recast's own comment attachment. For any other text it declines, and the transform parses
// through recast as under the stock runner.
//
// Measured on the bench's fix-heavy tree (500 files, the fixes alone in a fresh process): 978 ms of
// CPU through recast, 871 ms this way.
import { createRequire } from 'node:module';

/** A node as the Babel parsers give it. */
interface TreeNode {
  type: string;
  loc?: { start: object; end: object; lines?: unknown; indent?: number } | null;
  [key: string]: unknown;
}

interface Recast {
  normalize(options: object): object;
  fromString(source: string, options: object): { toString(options: object): string };
  fixFaultyLocations(node: object, lines: unknown): void;
  getTrueLoc(node: object, lines: unknown): { start: object; end: object };
  attach(comments: unknown[], ast: object, lines: unknown): void;
}

let recast: Recast | undefined;

/** recast's parts, the copy jscodeshift itself loads (recast is its dependency, not this package's). */
function recastParts(): Recast {
  if (!recast) {
    const require = createRequire(createRequire(import.meta.url).resolve('jscodeshift/src/core.js'));
    const util = require('recast/lib/util') as Pick<Recast, 'fixFaultyLocations' | 'getTrueLoc'>;
    recast = {
      normalize: (require('recast/lib/options') as Pick<Recast, 'normalize'>).normalize,
      fromString: (require('recast/lib/lines') as Pick<Recast, 'fromString'>).fromString,
      fixFaultyLocations: util.fixFaultyLocations,
      getTrueLoc: util.getTrueLoc,
      attach: (require('recast/lib/comments') as Pick<Recast, 'attach'>).attach,
    };
  }
  return recast;
}

/**
 * The tree `j(source, { tabWidth: 1 })` would give, as far as node types, fields and positions go,
 * when recast's copy of `source` is `source` itself; otherwise undefined. `parse` is the parser
 * jscodeshift was given (tokens may be off).
 */
export function recastTree(source: string, parse: (source: string) => unknown): object | undefined {
  const { normalize, fromString, fixFaultyLocations, getTrueLoc, attach } = recastParts();
  // recast.parse, step by step (recast/lib/parser.js).
  const lines = fromString(source, normalize({ tabWidth: 1 }));
  if (lines.toString({ tabWidth: 1, reuseWhitespace: false, useTabs: false }) !== source) return undefined;
  const file = parse(source) as TreeNode;
  const program = file.program as TreeNode & { body: unknown[] };
  // Babel's parsers give a File with positions; recast's other cases are left to recast.
  if (file.type !== 'File' || !file.loc || !program?.loc) return undefined;
  const comments = Array.isArray(file['comments']) ? (file['comments'] as unknown[]) : [];
  delete file['comments'];
  fixFaultyLocations(file, lines);
  file.loc.lines = lines;
  file.loc.indent = 0;
  const programLoc = getTrueLoc({ type: program.type, loc: program.loc, body: [], comments }, lines);
  program.loc.start = programLoc.start;
  program.loc.end = programLoc.end;
  attach(comments, program.body.length ? program : file, lines);
  // TreeCopier's walk, less the copy: every object once, its positions fixed before its children's.
  const seen = new Set<object>();
  const visit = (value: unknown): void => {
    if (typeof value !== 'object' || value === null || seen.has(value)) return;
    seen.add(value);
    if (Array.isArray(value)) {
      value.forEach(visit);
      return;
    }
    if (Object.prototype.toString.call(value) !== '[object Object]') return;
    const node = value as TreeNode;
    fixFaultyLocations(node, lines);
    for (const key of Object.keys(node)) {
      if (key !== 'loc' && !(key === 'tokens' && node.type === 'File')) visit(node[key]);
    }
  };
  visit(file);
  return file;
}

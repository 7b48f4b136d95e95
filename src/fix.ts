// Drives the jscodeshift transform with the scanner's findings and checks its output before anyone
// writes it: the output must parse, must come from the input by deletions alone, and must not hold
// more of any trust-related setting than the input did. verifyFixes then re-scans the fixed texts.
// jscodeshift and the scanner are loaded only when there is something to fix.
import { createRequire } from 'node:module';
import type { API, FileInfo, JSCodeshift } from 'jscodeshift';
import { isFlowFile } from './flow-pragma.ts';
import { lineOf, lineStarts, offsetAt } from './line-starts.ts';
import type { RemovalTarget } from '../transforms/remove-pinned-ca.ts';
import type { Workspace } from './workspace.ts';
import type { HostMatcher } from './hosts.ts';
import type { RawFinding } from './scan/index.ts';
import { formatBytes, type SourceText } from './read.ts';
import { TreeTexts } from './read-pool.ts';
import { recastTree } from './fix-tree.ts';

export type FixOutcome = { file: string; after: string } | { file: string; error: string };

type Parser = 'babel' | 'babel-decorators' | 'flow' | 'ts' | 'tsx';

/** jscodeshift's parser for a file: by extension, and Flow's own for a JS file marked `@flow`. */
export function parserFor(file: string, text = ''): Parser {
  if (/\.tsx$/.test(file)) return 'tsx';
  if (/\.(ts|mts|cts)$/.test(file)) return 'ts';
  return isFlowFile(file, text) ? 'flow' : 'babel';
}

const require = createRequire(import.meta.url);

type ParserObject = { parse(source: string): unknown };

/**
 * jscodeshift's own parser objects, the ones its transforms parse with. They hold no state: one of
 * each for the run (a `require` by package name for every file cost more than a small file's parse).
 */
function parserOf(name: Parser): ParserObject {
  return onceFor(parsers, name, () => {
    const getParser = require('jscodeshift/src/getParser') as (name: string) => ParserObject;
    return name === 'babel-decorators' ? decoratorsParser() : getParser(name);
  });
}

const parsers = new Map<Parser, ParserObject>();

/** `cache`'s entry for a parser, made by `make` on first use (one of each for the run). */
function onceFor<T>(cache: Map<Parser, T>, name: Parser, make: () => T): T {
  let made = cache.get(name);
  if (made === undefined) {
    made = make();
    cache.set(name, made);
  }
  return made;
}

type BabelOptions = { plugins: unknown[]; [option: string]: unknown };

/**
 * The options jscodeshift's Babel-based parsers (parserOf) hand @babel/parser; for 'babel-decorators'
 * this file's own. A test holds them to jscodeshift's (test/fix-safety-net.test.ts). Exported for it.
 */
export function babelOptions(name: Exclude<Parser, 'flow'>): BabelOptions {
  switch (name) {
    case 'babel':
      // jscodeshift/parser/babel5Compat.js: Babel 5's defaults.
      return {
        sourceType: 'module',
        allowHashBang: true,
        ecmaVersion: Infinity,
        allowImportExportEverywhere: true,
        allowReturnOutsideFunction: true,
        startLine: 1,
        tokens: true,
        plugins: [
          'estree', 'jsx', 'asyncGenerators', 'classProperties', 'doExpressions', 'exportExtensions', 'functionBind', 'functionSent',
          'objectRestSpread', 'dynamicImport', 'nullishCoalescingOperator', 'optionalChaining', ['decorators', { decoratorsBeforeExport: false }],
        ],
      };
    case 'babel-decorators':
      return decoratorsOptions();
    case 'ts':
    case 'tsx': {
      const options = require('jscodeshift/parser/tsOptions') as BabelOptions;
      // jscodeshift/parser/tsx.js puts jsx first.
      return { ...options, plugins: name === 'tsx' ? ['jsx', ...options.plugins] : options.plugins };
    }
  }
}

/**
 * The options the fixed text is checked with: babelOptions less what only builds more. The check
 * asks one question, "does it parse?", and these accept exactly the same texts, since they differ
 * only in what the parse returns:
 * - `tokens` only records each token as it is read, and `attachComment` only hangs comments on the
 *   nodes after they are finished; neither raises an error nor steers the parse.
 * - `estree` (babel: jscodeshift's babel5Compat) renames and reshapes nodes as they are finished
 *   (Literal for StringLiteral, Property for ObjectProperty, …); where Babel's checks look at a node it
 *   overrides them to look at the new shape alike (isValidLVal, toAssignable, checkDeclaration, …), so
 *   it raises nothing the parse without it does not. Only its tree costs (toUnenumerable on every node).
 * Every syntax plugin, sourceType and `allow…` option stays. Flow's own parser is not Babel: it checks
 * as before. Exported for tests.
 */
export function outputCheckOptions(name: Exclude<Parser, 'flow'>): BabelOptions {
  const options = babelOptions(name);
  return { ...options, tokens: false, attachComment: false, plugins: options.plugins.filter((plugin) => plugin !== 'estree') };
}

/** A parser with `options`, by the very @babel/parser jscodeshift's parsers call (not a dependency of this package's own). */
function babelParser(options: BabelOptions): ParserObject {
  babel ??= createRequire(require.resolve('jscodeshift/parser/babylon.js'))('@babel/parser') as { parse(source: string, options: object): unknown };
  const { parse } = babel;
  return { parse: (source) => parse(source, options) };
}

let babel: { parse(source: string, options: object): unknown } | undefined;

/** The parser the fixed text is checked with (outputCheckOptions), one of each for the run. */
function outputParserOf(name: Parser): ParserObject {
  if (name === 'flow') return parserOf(name);
  return onceFor(outputParsers, name, () => babelParser(outputCheckOptions(name)));
}

const outputParsers = new Map<Parser, ParserObject>();

/**
 * How the transform gets its tree: as recast would give it, built without recast's copy (fix-tree.ts),
 * by jscodeshift's parser less its tokens (only recast's printer reads them; they steer nothing).
 * Undefined for Flow's own parser, which recast alone drives.
 */
function treeParserOf(name: Parser): ((source: string) => object | undefined) | undefined {
  if (name === 'flow') return undefined;
  const { parse } = onceFor(treeParsers, name, () => babelParser({ ...babelOptions(name), tokens: false }));
  return (source) => recastTree(source, parse);
}

const treeParsers = new Map<Parser, ParserObject>();

/**
 * jscodeshift's Babel options reject a decorator before `export` (`@Module(…) export class …`, as
 * NestJS code has it). For a JavaScript file they refuse, the same options with the legacy decorators
 * plugin, which takes decorators in either place.
 */
function decoratorsParser(): ParserObject {
  const factory = require('jscodeshift/parser/babylon.js') as (options?: object) => ParserObject;
  return factory(decoratorsOptions());
}

function decoratorsOptions(): BabelOptions {
  const plugins = [
    ['flow', { all: true }], 'flowComments', 'jsx', 'asyncGenerators', 'bigInt', 'classProperties', 'classPrivateProperties',
    'classPrivateMethods', 'decorators-legacy', 'doExpressions', 'dynamicImport', 'exportDefaultFrom', 'exportNamespaceFrom',
    'functionBind', 'functionSent', 'importMeta', 'logicalAssignment', 'nullishCoalescingOperator', 'numericSeparator',
    'objectRestSpread', 'optionalCatchBinding', 'optionalChaining', ['pipelineOperator', { proposal: 'minimal' }], 'throwExpressions',
  ];
  return { sourceType: 'module', allowImportExportEverywhere: true, allowReturnOutsideFunction: true, startLine: 1, tokens: true, plugins };
}

/**
 * The largest file the fix parses. recast (under jscodeshift) keeps about 1.3 GB per MB of source
 * while it works, whatever the line lengths: measured 0.8 GB at 512 KB, 1.4 GB at 1 MB, 2.6 GB and
 * 37 s at 1.9 MB of minified code (`fix --dry-run`; README, "Large and minified files"), and a 10 MB
 * bundle ran out of memory. Real hand-written modules stay far below; a larger file is still scanned
 * and its pin reported, but it is left for the user to edit (or its source, when it is a build output).
 */
export const MAX_FIX_BYTES = 512 * 1024;

/** Applies the removals of one file's findings; the result is checked before it is returned. */
export async function fixFile(source: Pick<SourceText, 'file' | 'text'>, findings: ReadonlyArray<Pick<RawFinding, 'removal'>>): Promise<FixOutcome> {
  const bytes = Buffer.byteLength(source.text);
  if (bytes > MAX_FIX_BYTES) {
    return {
      file: source.file,
      error: `not fixed: ${formatBytes(bytes)} is over the ${formatBytes(MAX_FIX_BYTES)} the fix parses (its parser needs about 1.3 GB per MB); remove the pin by hand, or in the source this file is built from`,
    };
  }
  const parser = parserFor(source.file, source.text);
  const first = await fixWith(source, findings, parser);
  // A JavaScript file Babel's default options refuse (decorators before `export`): once more, with legacy decorators.
  if ('error' in first && parser === 'babel' && /decorator/i.test(first.error)) return fixWith(source, findings, 'babel-decorators');
  return first;
}

const withParser = new Map<Parser, JSCodeshift>();

/** Loads jscodeshift and the transform (a fix-pool worker does so as it starts). */
export async function preloadFix(): Promise<void> {
  await loadFixModules();
}

const importFixModules = () => Promise.all([import('jscodeshift'), import('../transforms/remove-pinned-ca.ts')]);
let fixModules: ReturnType<typeof importFixModules> | undefined;

/** jscodeshift and the transform, imported once for the run: an import() per file cost more than a small file's parse. */
function loadFixModules(): ReturnType<typeof importFixModules> {
  fixModules ??= importFixModules();
  return fixModules;
}

async function fixWith(source: Pick<SourceText, 'file' | 'text'>, findings: ReadonlyArray<Pick<RawFinding, 'removal'>>, parser: Parser): Promise<FixOutcome> {
  const [{ default: jscodeshift }, { default: transform }] = await loadFixModules();
  // One jscodeshift per parser for the run, as jscodeshift's own runner has it: withParser builds
  // the whole API anew, which costs more than many a small file's transform.
  let j = withParser.get(parser);
  if (!j) {
    j = jscodeshift.withParser(parser === 'babel-decorators' ? (parserOf(parser) as never) : parser);
    withParser.set(parser, j);
  }
  const api: API = { jscodeshift: j, j, stats: () => undefined, report: () => undefined };
  const fileInfo: FileInfo = { path: source.file, source: source.text };
  const targets: RemovalTarget[] = findings.map((finding) => ({ ...finding.removal }));
  const found: FoundTarget[] = [];
  try {
    // A stack overflow on deeply nested code lands here too (RangeError): the file is reported, the
    // run goes on.
    const output = transform(fileInfo, api, { targets, onTargetFound: (target, text) => found.push({ target, text }), parseTree: treeParserOf(parser) });
    if (output === undefined) return { file: source.file, error: 'the fix changed nothing; the finding is left as it is' };
    const wrong = wrongTarget(source.text, found);
    if (wrong) return { file: source.file, error: `${wrong}; nothing written` };
    try {
      // The parser alone, and lean: recast's wrapping and the tree's extras add nothing to the question "does it parse?".
      outputParserOf(parser).parse(output);
    } catch (error) {
      return { file: source.file, error: `the fixed text does not parse (${(error as Error).message}); nothing written` };
    }
    const problem = checkOutput(source.text, output);
    if (problem) return { file: source.file, error: `${problem}; nothing written` };
    return { file: source.file, after: output };
  } catch (error) {
    return { file: source.file, error: `the fix failed: ${(error as Error).message}` };
  }
}

/** A target and the text of the node the transform found at its range, as the parser read it. */
export interface FoundTarget {
  target: RemovalTarget;
  text: string;
}

/**
 * Why the transform did not find, at some target's range, the very node the scanner named there, or
 * undefined when it did. The two parsers read the text differently (recast hands Babel a copy with \n
 * for every line break and spaces for indentation), so the texts are compared with line breaks and
 * white space made alike; any other difference means the transform mapped positions wrongly and would
 * cut another node (and the bindings only that node used). Pure; exported for tests.
 */
export function wrongTarget(before: string, found: readonly FoundTarget[]): string | undefined {
  for (const { target, text } of found) {
    const named = before.slice(target.start, target.end);
    if (alike(named) !== alike(text)) {
      return `the fix found \`${excerpt(text)}\` where the scanner named \`${excerpt(named)}\` (line ${lineOf(before, target.start)})`;
    }
  }
  return undefined;
}

function alike(text: string): string {
  return text.replace(/\r\n|[\r\u2028\u2029]/g, '\n').replace(/[^\S\n]/g, ' ');
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > 60 ? `${flat.slice(0, 57)}...` : flat;
}

/**
 * Settings that decide whom a TLS client trusts. A fix only deletes text, so none of these may occur
 * more often after it than before: joining the text on both sides of a cut must not make a new one.
 */
export const TRUST_SETTINGS: ReadonlyArray<{ name: string; pattern: RegExp }> = [
  { name: 'rejectUnauthorized', pattern: /rejectUnauthorized/g },
  { name: 'NODE_TLS_REJECT_UNAUTHORIZED', pattern: /NODE_TLS_REJECT_UNAUTHORIZED/g },
  { name: 'NODE_EXTRA_CA_CERTS', pattern: /NODE_EXTRA_CA_CERTS/g },
  { name: 'checkServerIdentity', pattern: /checkServerIdentity/g },
  { name: 'strictSSL', pattern: /strictSSL/gi },
  { name: 'insecure', pattern: /insecure/gi },
  { name: 'a false value', pattern: /\bfalse\b|!\s*[01]\b/g },
  { name: 'a `ca` option', pattern: /\bca\b|certificateAuthority/g },
  { name: 'secureOptions', pattern: /secureOptions|secureProtocol|ciphers|minVersion/g },
];

/** Why `after` is not a safe fix of `before`, or undefined when it is. Pure; exported for tests. */
export function checkOutput(before: string, after: string): string | undefined {
  if (!isDeletionOf(before, after)) return 'the fix would add text, not only remove it';
  for (const { name, pattern } of TRUST_SETTINGS) {
    const was = count(before, pattern);
    const now = count(after, pattern);
    if (now > was) return `the fix would add ${name} (${was} before, ${now} after)`;
  }
  return undefined;
}

/** Whether `after` is `before` with characters removed (a subsequence): one greedy pass. */
export function isDeletionOf(before: string, after: string): boolean {
  if (after.length > before.length) return false;
  let i = 0;
  for (let k = 0; k < after.length; k++) {
    const wanted = after.charCodeAt(k);
    while (i < before.length && before.charCodeAt(i) !== wanted) i++;
    if (i === before.length) return false;
    i++;
  }
  return true;
}

function count(text: string, pattern: RegExp): number {
  let n = 0;
  for (const _ of text.matchAll(pattern)) n++;
  return n;
}

export interface VerifyInput {
  /** Every file read, as it is on disk (absolute path → text without BOM). */
  texts: ReadonlyMap<string, string>;
  /** The files about to be written: their fixed text and the findings whose removal made it. */
  fixed: ReadonlyMap<string, { after: string; removed: readonly RawFinding[] }>;
  /** Every finding of the scan that preceded the fix. */
  findings: readonly RawFinding[];
  matcher: HostMatcher;
  roots: readonly string[];
  /** What the project's manifests say, as the scan had it. */
  workspace?: Workspace;
}

/**
 * Re-scans the project as it will be after the fix (every fixed text in place of its original) and
 * returns, per file, why its fix must not be written: it no longer parses, a finding it removed is
 * still there, or a finding appeared that was not there before (a new `rejectUnauthorized: false`, a
 * new pin). Findings are matched by kind and the text of the reported node, since lines move.
 */
export async function verifyFixes(input: VerifyInput): Promise<Map<string, string>> {
  const problems = new Map<string, string>();
  if (input.fixed.size === 0) return problems;
  const { scanFiles, syntaxAndSettings } = await import('./scan/index.ts');
  // A fix mostly leaves no TLS setting in its file, and a text without one holds no finding, whatever
  // the files around it: only whether it parses is left to ask, of its syntax alone. The project is
  // re-scanned when some fixed text still holds a setting.
  const fixedTexts = [...input.fixed].map(([file, { after }]): [string, string] => [file, after]);
  const alone = syntaxAndSettings(new Map(fixedTexts));
  if ([...alone.values()].every((answer) => 'syntaxError' in answer || answer.settings === 0)) {
    for (const [file, answer] of alone) if ('syntaxError' in answer) problems.set(file, unparsable(answer.syntaxError));
    return problems;
  }
  // The fixed texts laid over the others, which are not copied (nor read, unless the scan asks).
  const texts = input.texts instanceof TreeTexts ? input.texts.with(fixedTexts) : new Map([...input.texts, ...fixedTexts]);
  const scan = scanFiles({ texts, candidates: [...input.fixed.keys()], matcher: input.matcher, roots: input.roots, workspace: input.workspace });
  for (const error of scan.errors) {
    if (input.fixed.has(error.file)) problems.set(error.file, unparsable(error.message));
  }
  for (const [file, { after, removed }] of input.fixed) {
    if (problems.has(file)) continue;
    const before = input.texts.get(file) ?? '';
    // What may remain: the findings before, less the ones the fix removed.
    const allowed = new Map<string, number>();
    for (const finding of input.findings) {
      if (finding.file === file) bump(allowed, findingKey(finding, before), 1);
    }
    for (const finding of removed) bump(allowed, findingKey(finding, before), -1);
    for (const finding of scan.findings) {
      if (finding.file !== file) continue;
      const key = findingKey(finding, after);
      if ((allowed.get(key) ?? 0) > 0) {
        bump(allowed, key, -1);
        continue;
      }
      const wasRemoved = removed.some((item) => findingKey(item, before) === key);
      problems.set(
        file,
        wasRemoved
          ? `re-scanning the fixed text still finds the ${finding.kind} at line ${finding.line}; nothing written`
          : `re-scanning the fixed text finds a ${finding.kind} that was not there before (line ${finding.line}); nothing written`,
      );
      break;
    }
  }
  return problems;
}

function unparsable(syntaxError: string): string {
  return `the fixed text does not parse for the scanner (${syntaxError}); nothing written`;
}

function bump(counts: Map<string, number>, key: string, by: number): void {
  counts.set(key, (counts.get(key) ?? 0) + by);
}

/**
 * `kind` and the reported node's text, whitespace collapsed: stable while lines above it move. Lines
 * and columns are the scanner's, so they are counted as it counts them (line-starts.ts). Exported for
 * tests.
 */
export function findingKey(finding: Pick<RawFinding, 'kind' | 'line' | 'column' | 'endLine' | 'endColumn'>, text: string): string {
  const starts = lineStarts(text);
  const span = text.slice(offsetAt(starts, finding.line, finding.column - 1), offsetAt(starts, finding.endLine, finding.endColumn - 1));
  return `${finding.kind}\0${span.replace(/\s+/g, ' ')}`;
}

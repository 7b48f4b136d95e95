// In-source suppressions (README, "Suppressing a finding"). A directive is a comment that opens with
// one of the markers, then optionally the finding kinds it is for, then optionally `-- reason`:
//
//   // wechat-unpin-ignore-next-line [pinned-ca|insecure-tls …] [-- reason]   the line after the comment
//   // wechat-unpin-ignore-line [kinds] [-- reason]                            the comment's own line
//   /* wechat-unpin-ignore-file [kinds] [-- reason] */                         the file (comments at its top)
//
// A line directive covers a finding when the line it names is the finding's line or the first line of
// the statement that holds the finding: a comment above a multi-line `new https.Agent({ … })` covers
// the `ca` three lines below it, which is where people put it.
//
// In source files only real comments count: the file is parsed (TypeScript's parser, loaded only when
// the text names a marker at all), so a marker inside a string, a template or a regex is text. In
// deployment files (.env, YAML, Dockerfile, package.json) a `#` (or `//`) comment on its own line, or
// after a value for the same-line form, holds it, as these files have no parser here.
import type { ts as TS } from 'ts-morph';
import { withoutFlowTypes } from './flow-pragma.ts';
import { lineOf, lineStarts, lineText } from './line-starts.ts';
import { loadTypeScript } from './typescript-loader.ts';
import { unusedSuppressionMessage } from './messages.ts';
import type { FindingKind, Note, ReasonCode } from './types.ts';

export const MARKERS = {
  'next-line': 'wechat-unpin-ignore-next-line',
  line: 'wechat-unpin-ignore-line',
  file: 'wechat-unpin-ignore-file',
} as const;
export type DirectiveType = keyof typeof MARKERS;

const PREFIX = 'wechat-unpin-ignore-';
const KINDS: readonly FindingKind[] = ['pinned-ca', 'insecure-tls'];
const SOURCE_FILE = /\.(?:[cm]?[jt]sx?)$/;

export interface Directive {
  type: DirectiveType;
  /** Where the comment starts: 1-based line and column. */
  line: number;
  column: number;
  /** The line a line directive covers; undefined for a file directive. */
  target?: number;
  /** The kinds it suppresses; undefined for every kind. */
  kinds?: FindingKind[];
  /** The text after `--`, when there is one. */
  justification?: string;
}

/** How a finding was suppressed: which directive, where. */
export interface Suppression {
  reason: Extract<ReasonCode, 'suppressed-comment' | 'suppressed-file'>;
  directive: Directive;
}

/**
 * The directive in a comment's text (without `//`, `#` or the `/*` `*\/` delimiters), or undefined
 * when the comment does not open with a marker. Kinds: the leading words before `--` that name a
 * finding kind, separated by spaces or commas; when the first word is no kind, every kind (the rest is
 * read as prose, as `-- reason` is).
 */
export function parseDirective(body: string): Pick<Directive, 'type' | 'kinds' | 'justification'> | undefined {
  const text = body.trimStart();
  if (!text.startsWith(PREFIX)) return undefined;
  for (const type of Object.keys(MARKERS) as DirectiveType[]) {
    const marker = MARKERS[type];
    if (!text.startsWith(marker)) continue;
    const rest = text.slice(marker.length);
    // `wechat-unpin-ignore-lines` is another word; `wechat-unpin-ignore-line` is not `-next-line`.
    if (rest !== '' && !/^[\s,]/.test(rest) && !rest.startsWith('--')) continue;
    const dashes = rest.indexOf('--');
    const head = dashes === -1 ? rest : rest.slice(0, dashes);
    const reason = dashes === -1 ? '' : rest.slice(dashes + 2).trim();
    const kinds: FindingKind[] = [];
    for (const word of head.split(/[\s,]+/)) {
      if (word === '') continue;
      if (!KINDS.includes(word as FindingKind)) break;
      if (!kinds.includes(word as FindingKind)) kinds.push(word as FindingKind);
    }
    const directive: Pick<Directive, 'type' | 'kinds' | 'justification'> = { type };
    if (kinds.length > 0) directive.kinds = kinds;
    if (reason !== '') directive.justification = reason;
    return directive;
  }
  return undefined;
}

// ---- directives of one file ---------------------------------------------------------------------

interface FileDirectives {
  directives: Directive[];
  /** The first line of the statement holding `offset`, in a source file; undefined elsewhere. */
  statementLine(offset: number): number | undefined;
}

const NONE: FileDirectives = { directives: [], statementLine: () => undefined };

// Several findings of one file ask in a row: keep the last file's directives (like line-starts.ts).
let cached: { file: string; text: string; directives: FileDirectives } | undefined;

export function directivesOf(file: string, text: string): FileDirectives {
  if (cached?.file === file && cached.text === text) return cached.directives;
  const directives = !text.includes(PREFIX) ? NONE : SOURCE_FILE.test(file) ? sourceDirectives(file, text) : textDirectives(text);
  cached = { file, text, directives };
  return directives;
}


function sourceDirectives(file: string, text: string): FileDirectives {
  const ts = loadTypeScript();
  const parsed = ts.createSourceFile(file, withoutFlowTypes(file, text), ts.ScriptTarget.Latest, true, scriptKindOf(ts, file));
  // The file directive counts among the comments before the first code ('use strict' and kin aside).
  const firstCode = parsed.statements.find((statement) => !isPrologueDirective(ts, statement));
  const headerEnd = firstCode ? firstCode.getStart(parsed) : text.length;
  const directives: Directive[] = [];
  const seen = new Set<number>();
  for (let at = text.indexOf(PREFIX); at !== -1; at = text.indexOf(PREFIX, at + PREFIX.length)) {
    const comment = commentAt(ts, parsed, at);
    if (!comment || seen.has(comment.start)) continue;
    seen.add(comment.start);
    const block = text.startsWith('/*', comment.start);
    const body = text.slice(comment.start + 2, block ? Math.max(comment.start + 2, comment.end - 2) : comment.end);
    const parsedDirective = parseDirective(body);
    if (!parsedDirective) continue;
    const line = lineOf(text, comment.start);
    const directive: Directive = { ...parsedDirective, line, column: comment.start - lineStarts(text)[line - 1]! + 1 };
    if (directive.type === 'file') {
      if (comment.start >= headerEnd) continue;
    } else {
      directive.target = directive.type === 'line' ? line : lineOf(text, comment.end) + 1;
    }
    directives.push(directive);
  }
  return {
    directives,
    statementLine: (offset) => {
      const statement = statementAt(ts, parsed, offset);
      return statement ? lineOf(text, statement.getStart(parsed)) : undefined;
    },
  };
}

/**
 * The comment that holds `offset`, or undefined when the offset is in code (a string, a template, a
 * regex, JSX text, a name). Walks down to the token whose range holds the offset; the text between a
 * token's full start and its start is trivia, which is only white space and comments.
 */
function commentAt(ts: typeof TS, parsed: TS.SourceFile, offset: number): { start: number; end: number } | undefined {
  let node: TS.Node = parsed;
  for (;;) {
    const child: TS.Node | undefined = node.getChildren(parsed).find((candidate) => candidate.pos <= offset && offset < candidate.end);
    if (!child) break;
    node = child;
  }
  const tokenStart = node.getStart(parsed);
  if (offset >= tokenStart && node !== parsed) return undefined;
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, parsed.languageVariant, parsed.text, undefined, node.pos, tokenStart - node.pos);
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    const start = scanner.getTokenStart();
    const end = scanner.getTokenEnd();
    if (offset < start) return undefined;
    if (offset < end) {
      return kind === ts.SyntaxKind.SingleLineCommentTrivia || kind === ts.SyntaxKind.MultiLineCommentTrivia ? { start, end } : undefined;
    }
  }
  return undefined;
}

/** The innermost statement (or class member) whose text holds `offset`. */
function statementAt(ts: typeof TS, parsed: TS.SourceFile, offset: number): TS.Node | undefined {
  let found: TS.Node | undefined;
  const visit = (node: TS.Node): void => {
    if (offset < node.getStart(parsed) || offset >= node.end) return;
    if (ts.isStatement(node) || ts.isClassElement(node)) found = node;
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(parsed, visit);
  return found;
}

function isPrologueDirective(ts: typeof TS, statement: TS.Statement): boolean {
  return ts.isExpressionStatement(statement) && ts.isStringLiteral(statement.expression);
}


function scriptKindOf(ts: typeof TS, file: string): TS.ScriptKind {
  if (/\.tsx$/.test(file)) return ts.ScriptKind.TSX;
  if (/\.[cm]?ts$/.test(file)) return ts.ScriptKind.TS;
  return ts.ScriptKind.JSX;
}

/**
 * Deployment files: a marker after `#` or `//` that opens the line or follows white space. No regex
 * over the line: it is user text and may be long.
 */
function textDirectives(text: string): FileDirectives {
  const directives: Directive[] = [];
  const starts = lineStarts(text);
  for (let at = text.indexOf(PREFIX); at !== -1; at = text.indexOf(PREFIX, at + PREFIX.length)) {
    let opener = at;
    while (opener > 0 && (text[opener - 1] === ' ' || text[opener - 1] === '\t')) opener--;
    const start = text[opener - 1] === '#' ? opener - 1 : opener >= 2 && text.startsWith('//', opener - 2) ? opener - 2 : -1;
    if (start < 0 || (start > 0 && !/\s/.test(text[start - 1] ?? ''))) continue;
    const line = lineOf(text, at);
    const parsed = parseDirective(lineText(text, line).slice(at - starts[line - 1]!));
    if (!parsed) continue;
    const directive: Directive = { ...parsed, line, column: start - starts[line - 1]! + 1 };
    // A file directive only in the comments at the top: every line before it a comment or blank.
    if (directive.type === 'file') {
      const header = Array.from({ length: line - 1 }, (_, index) => lineText(text, index + 1).trim());
      if (!header.every((row) => row === '' || row.startsWith('#') || row.startsWith('//'))) continue;
    } else {
      directive.target = directive.type === 'line' ? line : line + 1;
    }
    directives.push(directive);
  }
  return { directives, statementLine: () => undefined };
}

// ---- applying them ------------------------------------------------------------------------------

/** Which directives suppressed something, over one run: for --report-unused-suppressions. */
export class SuppressionLedger {
  private readonly used = new Set<string>();

  markUsed(file: string, directive: Directive): void {
    this.used.add(key(file, directive));
  }

  isUsed(file: string, directive: Directive): boolean {
    return this.used.has(key(file, directive));
  }
}

function key(file: string, directive: Directive): string {
  return `${file}\0${directive.line}\0${directive.column}`;
}

/**
 * The suppression that covers a finding of `kind` at `line`:`column` (1-based) of `file`, or undefined.
 * Every directive that covers it is marked used in `ledger`; the one returned is the closest: the
 * finding's own line, then its statement's first line, then the file.
 */
export function findSuppression(
  file: string,
  text: string,
  finding: { kind: FindingKind; line: number; column: number },
  ledger?: SuppressionLedger,
): Suppression | undefined {
  const { directives, statementLine } = directivesOf(file, text);
  const applicable = directives.filter((directive) => !directive.kinds || directive.kinds.includes(finding.kind));
  if (applicable.length === 0) return undefined;
  const lines = [finding.line];
  const offset = (lineStarts(text)[finding.line - 1] ?? text.length) + finding.column - 1;
  if (applicable.some((directive) => directive.target !== undefined && directive.target !== finding.line)) {
    const first = statementLine(offset);
    if (first !== undefined && first !== finding.line) lines.push(first);
  }
  const covering = applicable.filter((directive) => directive.target === undefined || lines.includes(directive.target));
  if (covering.length === 0) return undefined;
  for (const directive of covering) ledger?.markUsed(file, directive);
  const rank = (directive: Directive): number => (directive.target === undefined ? lines.length : lines.indexOf(directive.target));
  const closest = covering.reduce((best, directive) => (rank(directive) < rank(best) ? directive : best));
  return { reason: closest.type === 'file' ? 'suppressed-file' : 'suppressed-comment', directive: closest };
}

/** The suppression of a finding at the start of `line` of a JavaScript file `text`: the reason code. */
export function suppressionOf(text: string, line: number): ReasonCode | undefined {
  return findSuppression('suppressed.js', text, { kind: 'pinned-ca', line, column: 1 })?.reason;
}

/**
 * The directives in `files` that suppressed nothing, as notes at the comment. Only files the scan
 * judged belong here: a comment in a file never scanned cannot be called unused.
 */
export function unusedSuppressions(
  files: ReadonlyArray<{ file: string; text: string; reportFile: string }>,
  ledger: SuppressionLedger,
): Note[] {
  const notes: Note[] = [];
  for (const { file, text, reportFile } of files) {
    for (const directive of directivesOf(file, text).directives) {
      if (ledger.isUsed(file, directive)) continue;
      notes.push({ file: reportFile, line: directive.line, column: directive.column, message: unusedSuppressionMessage(MARKERS[directive.type], directive) });
    }
  }
  return notes.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
}

// Builds the TypeScript program the scanner reads: only the candidate files and their import
// neighbourhood, held in memory (the scanner never touches the disk), without lib files, since
// resolving symbols needs no lib types and loading them costs seconds. The program is made with
// TypeScript's own createProgram over an in-memory compiler host: ts-morph's Project would wrap the
// same program and costs start-up time and memory that a pre-commit run feels.
import path from 'node:path';
import { ts } from './typescript.ts';
import { withoutFlowTypes } from '../flow-pragma.ts';


export interface LoadedProgram {
  program: ts.Program;
  checker: ts.TypeChecker;
  sourceFiles: ts.SourceFile[];
}

const COMPILER_OPTIONS: ts.CompilerOptions = {
  allowJs: true,
  checkJs: false,
  noLib: true,
  types: [],
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  allowImportingTsExtensions: true,
  resolveJsonModule: true,
  jsx: ts.JsxEmit.Preserve,
  noEmit: true,
};

/**
 * `onParsed` is told each file as soon as it is parsed, before the program binds them all (the fix
 * starts on a file's settings then: fix-pool.ts). Those files get their parent pointers from the
 * parser, since a walk over one file climbs them.
 */
export function loadProgram(files: ReadonlyMap<string, string>, onParsed?: (file: string, sourceFile: ts.SourceFile) => void): LoadedProgram {
  const parsed = new Map<string, ts.SourceFile>();
  for (const [file, text] of files) {
    // Without onParsed, no parent pointers from the parser: the binder sets them (JSDoc included) when
    // getTypeChecker below binds every file, before any walker climbs them.
    const sourceFile = parseFile(file, text, onParsed !== undefined);
    parsed.set(sourceFile.fileName, sourceFile);
    onParsed?.(file, sourceFile);
  }
  const program = ts.createProgram({ rootNames: [...parsed.keys()], options: COMPILER_OPTIONS, host: inMemoryHost(parsed) });
  const sourceFiles = program.getSourceFiles().filter((file) => parsed.has(file.fileName));
  return { program, checker: program.getTypeChecker(), sourceFiles };
}

/**
 * The files parsed each on its own, with parent pointers and no binding: enough for their syntax
 * errors (syntaxErrorOf) and their TLS settings (findSites), which depend on a file's text alone.
 * `noResolve`: imports are not followed (no other file is parsed, none is needed).
 */
export function parseAlone(files: ReadonlyMap<string, string>): { program: ts.Program; sourceFiles: ts.SourceFile[] } {
  const parsed = new Map<string, ts.SourceFile>();
  for (const [file, text] of files) {
    const sourceFile = parseFile(file, text, true);
    parsed.set(sourceFile.fileName, sourceFile);
  }
  const program = ts.createProgram({ rootNames: [...parsed.keys()], options: { ...COMPILER_OPTIONS, noResolve: true }, host: inMemoryHost(parsed) });
  return { program, sourceFiles: [...parsed.values()] };
}

/** One file, by its virtual path, with the latest syntax (as ts-morph parsed) and Flow types blanked. */
function parseFile(file: string, text: string, setParents: boolean): ts.SourceFile {
  return ts.createSourceFile(toVirtualPath(file), withoutFlowTypes(file, text), ts.ScriptTarget.Latest, setParents, scriptKindOf(file));
}

/**
 * A compiler host over the parsed files alone: module resolution sees these files and the folders
 * that hold them, nothing on disk (as ts-morph's in-memory file system did).
 */
function inMemoryHost(parsed: ReadonlyMap<string, ts.SourceFile>): ts.CompilerHost {
  const folders = new Set<string>(['/']);
  for (const file of parsed.keys()) {
    for (let folder = path.posix.dirname(file); !folders.has(folder); folder = path.posix.dirname(folder)) folders.add(folder);
  }
  const withoutSlash = (folder: string): string => (folder.length > 1 && folder.endsWith('/') ? folder.slice(0, -1) : folder);
  return {
    getSourceFile: (fileName) => parsed.get(fileName),
    getDefaultLibFileName: () => '/node_modules/typescript/lib/lib.d.ts',
    writeFile: () => undefined,
    getCurrentDirectory: () => '/',
    getCanonicalFileName: (fileName) => fileName,
    useCaseSensitiveFileNames: () => true,
    getNewLine: () => '\n',
    fileExists: (fileName) => parsed.has(fileName),
    readFile: (fileName) => parsed.get(fileName)?.text,
    directoryExists: (folder) => folders.has(withoutSlash(folder)),
    getDirectories: () => [],
  };
}

/** The in-memory file system is POSIX: a Windows path becomes /C/…; POSIX paths stay as they are. */
/** The other way: a path the program knows back to the file's own path. */
export function fromVirtualPath(file: string): string {
  if (path.sep === '/') return file;
  const drive = /^\/([A-Za-z])(\/|$)/.exec(file);
  return (drive ? `${drive[1]}:` + file.slice(2) : file).split('/').join(path.sep);
}

export function toVirtualPath(file: string): string {
  if (path.sep === '/') return file;
  return '/' + file.replace(/^([A-Za-z]):/, '$1').split(path.sep).join('/');
}

function scriptKindOf(file: string): ts.ScriptKind {
  if (/\.json$/.test(file)) return ts.ScriptKind.JSON;
  if (/\.(tsx)$/.test(file)) return ts.ScriptKind.TSX;
  if (/\.(ts|mts|cts)$/.test(file)) return ts.ScriptKind.TS;
  // JSX is legal in .js files in much real code; the JSX script kind parses plain JS just as well.
  return ts.ScriptKind.JSX;
}

/** Syntax errors, as "message (line:column)", or undefined when the file parsed cleanly. */
export function syntaxErrorOf(program: ts.Program, sourceFile: ts.SourceFile): string | undefined {
  const first = program.getSyntacticDiagnostics(sourceFile)[0];
  if (!first) return undefined;
  const { line, character } = sourceFile.getLineAndCharacterOfPosition(first.start ?? 0);
  return `${ts.flattenDiagnosticMessageText(first.messageText, ' ')} (${line + 1}:${character + 1})`;
}

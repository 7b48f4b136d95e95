// Builds the ts-morph Project the scanner reads: only the candidate files and their import
// neighbourhood, held in memory (the scanner never touches the disk), without lib files, since
// resolving symbols needs no lib types and loading them costs seconds.
import { createRequire } from 'node:module';
import path from 'node:path';
import { Project, ts } from 'ts-morph';
import { isFlowFile } from '../flow-pragma.ts';

const require = createRequire(import.meta.url);

export interface LoadedProgram {
  project: Project;
  program: ts.Program;
  checker: ts.TypeChecker;
  sourceFiles: ts.SourceFile[];
}

export function loadProgram(files: ReadonlyMap<string, string>): LoadedProgram {
  const project = new Project({
    useInMemoryFileSystem: true,
    skipAddingFilesFromTsConfig: true,
    skipFileDependencyResolution: true,
    compilerOptions: {
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
    },
  });
  for (const [file, text] of files) {
    project.createSourceFile(toVirtualPath(file), withoutFlowTypes(file, text), { overwrite: true, scriptKind: scriptKindOf(file) });
  }
  const program = project.getProgram().compilerObject;
  const wanted = new Set([...files.keys()].map(toVirtualPath));
  const sourceFiles = program.getSourceFiles().filter((file) => wanted.has(file.fileName));
  return { project, program, checker: program.getTypeChecker(), sourceFiles };
}

/**
 * A Flow file (`// @flow` at the top) with its type annotations blanked out by flow-remove-types,
 * which writes spaces over them: every offset, line and column stays true to the file on disk, and
 * TypeScript's parser sees plain JavaScript. Loaded only when a Flow file turns up.
 */
function withoutFlowTypes(file: string, text: string): string {
  if (!isFlowFile(file, text)) return text;
  try {
    const flowRemoveTypes = require('flow-remove-types') as (source: string, options?: { all?: boolean }) => { toString(): string };
    const blanked = flowRemoveTypes(text, { all: true }).toString();
    return blanked.length === text.length ? blanked : text;
  } catch {
    return text; // Flow's parser rejected it: TypeScript's will report the syntax error.
  }
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

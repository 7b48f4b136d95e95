// The scan stage on texts already in memory, shared by run() and the library entry (library.ts):
// which read files are candidates (prefilter, files the parsers cannot take), and the scanner run so
// that one pathological file cannot sink the rest. (The relevance gate between them: relevance.ts.)
// No IO here; the scanner module itself is passed in (run() loads it lazily).
import path from 'node:path';
import { mayHoldFinding } from './prefilter.ts';
import { tooDeep, type SourceText } from './read.ts';
import type { ScanInput, ScanOutput } from './scan/index.ts';
import type { FileError } from './types.ts';

/** The files that may hold a finding and that the parsers can take; the others that could not are errors. */
export function candidatesOf(sources: Iterable<SourceText>, errors: FileError[]): string[] {
  // One source at a time: a read tree (read-pool.ts) makes each when asked for, and most are let go here.
  const candidates: string[] = [];
  for (const source of sources) {
    if (!(source.prefiltered ?? mayHoldFinding(source.text))) continue;
    const problem = tooDeep(source) ?? unscannableName(source.file);
    if (problem) errors.push(problem);
    else candidates.push(source.file);
  }
  return candidates;
}

/**
 * TypeScript reads every `\` in a path as a folder separator, so the scanner would look for another
 * file and silently find nothing: a candidate whose name holds one is listed instead. (On Windows `\`
 * is the separator, and no name holds one.)
 */
function unscannableName(file: string): FileError | undefined {
  return path.sep === '/' && file.includes('\\')
    ? { file, message: 'skipped: the name holds a backslash, which TypeScript reads as a folder separator; rename the file to scan it' }
    : undefined;
}

/**
 * The scanner recurses over the syntax tree (TypeScript's parser and binder, our walkers), so code
 * nested thousands deep (`!!!!…`, `a ? b : a ? b : …`, long else-if chains) overflows the stack. Then
 * each candidate is scanned on its own: the ones that still overflow are reported, the rest go on.
 */
export function scanGuarded(scanFiles: (input: ScanInput) => ScanOutput, input: ScanInput): ScanOutput {
  try {
    return scanFiles(input);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
  }
  const output: ScanOutput = { findings: [], errors: [], parsed: 0 };
  for (const candidate of input.candidates) {
    try {
      const one = scanFiles({ ...input, candidates: [candidate] });
      output.findings.push(...one.findings);
      output.errors.push(...one.errors);
      output.parsed = Math.max(output.parsed, one.parsed);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      output.errors.push({ file: candidate, message: `skipped: nested too deeply to analyse (${error.message})` });
    }
  }
  return output;
}

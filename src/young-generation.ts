// The command line's hold on V8's young generation while a run walks and reads the tree.
//
// V8 doubles the young generation (up to two 16 MB halves) whenever as much survives it as it holds.
// Walking and reading a tree keeps a path per file for the whole run, so on a large tree everything
// discovery allocates survives and the young generation reaches its largest size before the scan
// starts; the scan then cycles through all of it. The same candidates scanned after a walk of 60,000
// files took ~30 MB more than after a walk of 15,000, and nearly all of it was young-generation pages.
// Growth is held at 1× (V8's start-up size) while the tree is walked and read, and given back before
// the scan, which sizes the young generation for the candidates alone, as it does on a small tree.
// The paths are promoted to the old generation, where they would have ended anyway.
//
// A process-wide setting: only the command line, which owns its process, does this (never run() as
// a library), and not when the user set the factor for node. V8 folds its flags into the check of its
// code cache, so the factor is back at V8's default before the scanner loads TypeScript from the cache
// (compile-cache.ts).
import v8 from 'node:v8';
import type { RunProgress } from './types.ts';

const FLAG = '--semi-space-growth-factor';
/** V8's default factor (flag-definitions.h). */
const DEFAULT_FACTOR = 2;
const HELD_FACTOR = 1;

/** The phases during which growth is held: the walk and the read of the tree. */
const HELD_PHASES: ReadonlySet<RunProgress['phase']> = new Set(['discover', 'read']);

/**
 * A progress callback that holds the young generation's growth during the walk and read and gives it
 * back at any later phase. `setFlags` is v8.setFlagsFromString (tests pass their own).
 */
export function youngGenerationHold(
  nodeOptions: readonly string[] = [...process.execArgv, process.env['NODE_OPTIONS'] ?? ''],
  setFlags: (flags: string) => void = v8.setFlagsFromString,
): (progress: RunProgress) => void {
  if (nodeOptions.some((option) => option.includes('semi-space'))) return () => undefined;
  let held = false;
  return ({ phase }) => {
    const hold = HELD_PHASES.has(phase);
    if (hold === held) return;
    held = hold;
    setFlags(`${FLAG}=${hold ? HELD_FACTOR : DEFAULT_FACTOR}`);
  };
}

// The command line's setting for when V8 optimises a function with TurboFan.
//
// V8 sends a function to TurboFan, on a helper thread, once it has run for a while. A run of this
// tool lasts a second or a few and spends most of it in a few very large functions: TypeScript's
// parser, binder and checker, the value analysis, and Babel's parser in the fix worker. With V8's
// default, TurboFan compiles many of them and the run ends before the compiled code pays for itself;
// on 2 cores the compiling also takes the core the fix worker and the read pool need. Waiting 4 times
// as long, measured (farm-bench, paired, own compile caches) on Node 20:
// - `fix` on the bench's 500-pin tree: 1.55 s against 1.81 s, 18% less CPU;
// - `scan` of a 142-file app (the largest real one fetched): 3.2 s against 3.6 s;
// - `scan` of a 15,000-file tree (13 files parsed): no change.
// On Node 22 the fix took 10% less and the app 8%; on Node 24, whose Maglev tier sits before
// TurboFan, both took the same as without it.
//
// A process-wide setting, like the young-generation hold (young-generation.ts): only the command line
// sets it, never run() as a library, and not when the user set a tier-up flag for node. It is set once,
// before anything is compiled from a code cache, and never changed: V8 folds its flags into the check
// of a cache (compile-cache.ts keeps the command line's caches apart from a library caller's).
import v8 from 'node:v8';

/** V8's default budgets (flag-definitions.h), by the flag each V8 version has. */
const TIER_UP_FLAGS: ReadonlyArray<{ v8: RegExp; flag: string; defaultValue: number }> = [
  // Node 20: bytes of bytecode run before a function is optimised.
  { v8: /^11\.3\./, flag: '--interrupt-budget', defaultValue: 66 * 1024 },
  // Node 22 and 24: calls (scaled by the function's size) before TurboFan.
  { v8: /^1[23]\./, flag: '--invocation-count-for-turbofan', defaultValue: 3000 },
];

const FACTOR = 4;

/**
 * The flag that delays TurboFan for this V8, or undefined where the table does not know the V8 (an
 * unknown flag makes V8 print an error) or the user set one of the tier-up flags for node.
 */
export function tierUpFlag(v8Version: string, nodeOptions: readonly string[]): string | undefined {
  if (nodeOptions.some((option) => /interrupt-budget|invocation-count|turbofan|--no-opt|--max-lazy/.test(option))) return undefined;
  const entry = TIER_UP_FLAGS.find((candidate) => candidate.v8.test(v8Version));
  return entry && `${entry.flag}=${entry.defaultValue * FACTOR}`;
}

/** The flag this process set (for compile-cache.ts's folder), once delayTierUp has run. */
export let tierUpSet: string | undefined;

/** Delays TurboFan for the rest of the process (the command line calls it once, first). */
export function delayTierUp(
  nodeOptions: readonly string[] = [...process.execArgv, process.env['NODE_OPTIONS'] ?? ''],
  setFlags: (flags: string) => void = v8.setFlagsFromString,
): void {
  const flag = tierUpFlag(process.versions.v8, nodeOptions);
  if (flag === undefined || tierUpSet === flag) return;
  setFlags(flag);
  tierUpSet = flag;
}

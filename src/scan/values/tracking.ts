// The bookkeeping of the analysis's worklist (analysis.ts, settle). A place (a ValueSet that a binding,
// a field, a result or `this` holds, and an object's table of fields) takes the clock's next tick when
// it grows, and notes which effect read it. An effect whose every read place is older than its last run
// would compute what it computed then: a partial round skips it.
//
// A read this misses (state kept outside places, a place read before it was made one) costs only
// speed: solve ends only after a full round that changed no place and left the effects' records as
// they were (Analysis.confirmed); a partial round that changes nothing only ends settle's rounds.

/** A place whose reads are noted and whose growth is stamped. */
export interface Tracked {
  /** The clock when it last grew. */
  stamp: number;
  /** The run that last noted reading it (so a run notes each place once). */
  readBy: number;
}

let clock = 0;
let currentRun = 0;
let reads: Tracked[] | undefined;

/** Stamps a place that grew. */
export function grew(place: Tracked): void {
  place.stamp = ++clock;
}

/** Notes that the running effect read a place. */
export function noteRead(place: Tracked): void {
  if (reads !== undefined && place.readBy !== currentRun) {
    place.readBy = currentRun;
    reads.push(place);
  }
}

/**
 * Runs `effect`, noting the places it reads. Returns them and the tick the run started at (a place
 * stamped after it grew since, the run's own writes included).
 */
export function trackReads(effect: () => void): { reads: Tracked[]; startedAt: number } {
  const outer = reads;
  const outerRun = currentRun;
  const noted: Tracked[] = [];
  reads = noted;
  currentRun = ++clock;
  const startedAt = currentRun;
  try {
    effect();
  } finally {
    reads = outer;
    currentRun = outerRun;
  }
  return { reads: noted, startedAt };
}

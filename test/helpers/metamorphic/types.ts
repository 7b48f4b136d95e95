// The shapes the metamorphic harness hands around: a project is its files' texts; a rewrite turns a
// project into variants; the context says which literals and findings the rewrites aim at.
import type { FindingKind, FindingStatus } from '../../../src/types.ts';

/** Relative path (with `/`) → file text. */
export type Project = Map<string, string>;

/**
 * `preserving`: the variant means what the original means; the verdict must not change.
 * `adds-other-write`: the variant adds one write of a non-WeChat host that reaches a literal feeding a
 * fixable finding; that finding must become needs-review. `adds-wechat-write`: the same write with
 * another WeChat host (the control); the verdict must not change.
 */
export type RewriteKind = 'preserving' | 'adds-other-write' | 'adds-wechat-write';

export interface RewriteMeta {
  id: string;
  description: string;
  kind: RewriteKind;
}

/** What the harness knows of one finding of the original scan. */
export interface FindingRef {
  index: number;
  file: string;
  line: number;
  column: number;
  kind: FindingKind;
  status: FindingStatus;
  hosts: string[];
}

/**
 * A string literal (or one chunk of a template literal) that names a host feeding findings.
 * `valueStart..valueEnd` is what the rewrites replace: the whole literal, or inside a template
 * chunk the `https://host` part (so `${…}` can take its place).
 */
export interface HostLiteral {
  file: string;
  line: number;
  host: string;
  start: number;
  end: number;
  syntax: 'string' | 'template-chunk';
  valueStart: number;
  valueEnd: number;
  /** The replaced value as JavaScript source: a quoted string. */
  value: string;
  /** Indices of the findings whose evidence names this literal's line and host. */
  findings: number[];
  /** False when no finding's evidence names a host and the literal was found by its text instead. */
  fromEvidence: boolean;
  /** Whether the host is WeChat's (or a configured `--host`): a table may add other such hosts. */
  wechat: boolean;
}

export interface RewriteContext {
  findings: FindingRef[];
  literals: HostLiteral[];
  /** JS/TS files that hold a finding or a host the evidence names. */
  pathFiles: string[];
  /** The host a write generator writes: staging.example.com, or another WeChat host for the control. */
  writeValue(literal: HostLiteral): string;
}

export interface Variant {
  name: string;
  files: Project;
  /** Files the rewrite renamed: old path → new path. */
  renames?: Record<string, string>;
  /** Code the rewrite moved to another file: findings of `file` on lines from..to are now in `to`. */
  moved?: Array<{ file: string; fromLine: number; toLine: number; to: string }>;
  /** Write variants: the literal the added write reaches. */
  target?: HostLiteral;
}

/** A finding as an example states it: just what buildContext reads. */
export interface ExampleFinding {
  file: string;
  line: number;
  column?: number;
  kind?: FindingKind;
  status?: FindingStatus;
  hosts?: string[];
  evidence: Array<{ file: string; line: number; note: string }>;
}

/**
 * A generator's own unit test: a tiny project, the findings a scan would report on it, and exactly
 * what the generator must produce (the files each variant adds or changes, and those it deletes).
 */
export interface Example {
  name: string;
  files: Record<string, string>;
  findings: ExampleFinding[];
  expected: Array<{ name: string; files: Record<string, string>; deleted?: string[] }> | 'not-applicable';
}

/**
 * A variant the scanner is known to get wrong (a scanner gap, not a generator bug): it runs as a todo
 * (reported, never failing the run) until the scanner is fixed, and the tally says when it passes.
 */
export interface KnownMiss {
  /** The corpus case; every case when absent (a gap the variant hits wherever it applies). */
  case?: string;
  /** Part of the variant's name; every variant of the case when absent. */
  variant?: string;
  /** 'other' or 'control' for a write generator; every mode when absent. */
  mode?: 'preserving' | 'other' | 'control';
  /** One line: what the scanner does and what it should do. */
  reason: string;
}

export interface Rewrite {
  meta: RewriteMeta;
  generate(project: Project, context: RewriteContext): Variant[] | 'not-applicable';
  examples: Example[];
  knownMisses: KnownMiss[];
}

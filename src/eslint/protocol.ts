// What the rules (main thread) and the analysis worker say to each other. Plain data: it crosses a
// MessagePort by structured clone.
import type { FindingKind, FindingStatus, ReasonCode } from '../types.ts';

/** The rule options both rules share; they decide which hosts count as WeChat's. */
export interface HostOptions {
  hosts: string[];
  defaultHosts: boolean | undefined;
}

export interface AnalysisRequest extends HostOptions {
  /** The linted file's absolute path. */
  filename: string;
  /** The linted text as ESLint holds it (BOM stripped; may be an unsaved editor buffer). */
  text: string;
}

/** A range of the linted text to delete: [start, end), offsets into the BOM-less text. */
export type Deletion = [start: number, end: number];

export interface LintFinding {
  kind: FindingKind;
  status: FindingStatus;
  reason: ReasonCode;
  /** 1-based line and column as `wechat-unpin scan` reports them; end exclusive. */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  /**
   * What `wechat-unpin fix` writes for this file, as deletions: for a fixable pin, the file's whole
   * fix; for a fixable turned-off check, the file's whole `fix --fix-insecure`. Absent where the fix
   * would write nothing (its checks refused the result).
   */
  fix?: Deletion[];
  /**
   * For a review, or a turned-off check `fix` leaves without --fix-insecure: the transform's cut of this
   * one option (bindings it alone used included), to apply by hand.
   */
  suggestion?: Deletion[];
}

export interface AnalysisResult {
  /** False when the file is outside what `wechat-unpin scan` scans (test code, ignored, not a source file). */
  inScope: boolean;
  /** The project's `fixInsecure` setting (config file), which decides no-insecure-tls's autofix. */
  fixInsecure: boolean;
  findings: LintFinding[];
}

/** The first linted file, whatever its text: the worker scans its project before anyone asks. */
export type PrepareRequest = HostOptions & { filename: string };

/** What the rules post: a request they wait for (id ≥ 1), or a preparation nobody waits for (no reply). */
export type WorkerMessage = { id: number; request: AnalysisRequest } | { prepare: PrepareRequest };

export type WorkerReply = { id: number; result: AnalysisResult } | { id: number; error: { message: string; name: string; stack?: string } };

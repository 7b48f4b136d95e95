// The data every stage hands to the next. The JSON report (schemaVersion 1, ../shared/DESIGN.md) is
// these shapes serialised as they are, so a field added here is a field users see.

import type { ConfigIgnore } from './config-ignore.ts';

export type Command = 'scan' | 'fix';
export type FindingKind = 'pinned-ca' | 'insecure-tls';
export type FindingStatus = 'fixable' | 'fixed' | 'needs-review' | 'suppressed';

/** Why a finding has the status it has: one code per reason; the sentence lives in messages.ts. */
export type ReasonCode =
  | 'wechat-only'
  | 'mixed-hosts'
  | 'unresolved-host'
  | 'unknown-consumer'
  | 'global-agent'
  | 'extends-default-roots'
  | 'deployment-setting'
  | 'suppressed-comment'
  | 'suppressed-file';

export interface Evidence {
  file: string;
  line: number;
  note: string;
}

export interface CertificateInfo {
  file: string;
  subject: string;
  issuer: string;
  notAfter: string;
  expired: boolean;
  /** The name of a root WeChat's chains no longer use, when the file holds one. */
  abandonedRoot: string | null;
}

export interface Finding {
  id: string;
  kind: FindingKind;
  status: FindingStatus;
  reason: ReasonCode;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  hosts: string[];
  client: string;
  message: string;
  evidence: Evidence[];
  certificate?: CertificateInfo;
  /** Under status `suppressed`: where the suppression comment starts, and its `-- reason`. */
  suppression?: { line: number; column: number; justification?: string };
}

export interface Note {
  file: string;
  line: number;
  column: number;
  message: string;
}

export interface FileError {
  file: string;
  message: string;
}

/** One file the fix rewrote (or, under --dry-run, would rewrite). Texts are as on disk. */
export interface FileChange {
  file: string;
  before: string;
  after: string;
  /** The ids of the findings this change removes. */
  fixes?: string[];
}

export interface RunSummary {
  filesMatched: number;
  filesParsed: number;
  /**
   * Files with a TLS setting that were not analysed: nothing in their import neighbourhood names a
   * WeChat host or SDK (a file named on the command line is always analysed).
   */
  filesWithoutWeChatEvidence: number;
  filesChanged: number;
  findings: Record<FindingKind, number>;
  byStatus: Record<FindingStatus, number>;
  errors: number;
  durationMs: number;
}

export interface RunResult {
  command: Command;
  dryRun: boolean;
  summary: RunSummary;
  findings: Finding[];
  errors: FileError[];
  /** Under fix: what was written (or, with dryRun, would be). Under scan: what fix would write. */
  changes: FileChange[];
  /** Under fix: certificate files the removed pins read that no scanned code names any more. */
  unusedCertificates: string[];
  /** The original text of every file that has a finding, keyed by report path (not in the JSON report). */
  sources: Record<string, string>;
  /**
   * Not findings: deployment settings that choose or extend the trust store (--use-openssl-ca,
   * NODE_EXTRA_CA_CERTS), worth knowing before unpinning. Only in a project that talks to WeChat.
   */
  notes: Note[];
  /** With --report-unused-suppressions: suppression comments, in the files the scan judged, that suppressed nothing. */
  unusedSuppressions?: Note[];
  /** With --shard: the shard reported (SARIF names a category per shard). */
  shard?: { index: number; count: number };
  /** Set when a signal stopped the fix between files: what was written and what was left. */
  interrupted?: { filesWritten: number; filesLeft: number };
}

/** What a formatter needs besides the result. */
export interface ReportContext {
  toolName: string;
  toolVersion: string;
  /** Absolute; report paths are relative to it. */
  cwd: string;
  color: boolean;
}

export interface RunOptions {
  command: Command;
  /** Files or folders, as the user gave them (relative to cwd or absolute). */
  paths: string[];
  cwd: string;
  /** Host patterns added to (or, with defaultHosts false, replacing) WeChat's. */
  hosts: string[];
  defaultHosts: boolean;
  /** Globs relative to each of `paths`. */
  ignore: string[];
  /** The config file's ignore globs, relative to the config file's folder. */
  configIgnore?: ConfigIgnore;
  includeTests: boolean;
  dryRun: boolean;
  fixInsecure: boolean;
  /** Under scan, also compute what fix would change (for SARIF fixes and diffs). */
  planFixes?: boolean;
  /** Files larger than this are skipped with a notice. */
  maxFileBytes?: number;
  /** Scan the staged content of files staged in git. */
  staged?: boolean;
  /**
   * Scan and report only these files (absolute paths, read from disk), with everything under `paths`
   * as their context, as --staged does with the staged files. The same filters apply to them as in a
   * scan of `paths` (test code, ignore globs). Set by the CLI when every path named is a file.
   */
  files?: string[];
  /** Report suppression comments that suppressed nothing, in the files scanned. */
  reportUnusedSuppressions?: boolean;
  /** Report and fix only this shard of the candidate files (all files are still read as context). */
  shard?: { index: number; count: number };
  /** When aborted (Ctrl-C), the fix renames nothing more (write.ts writes files a batch at a time). */
  signal?: AbortSignal;
  /** Called once, right before the first file is written (the CLI starts answering signals then). */
  beforeWrites?: () => void;
  /** Called after each file is written: the CLI lists them should a later step fail. */
  onWritten?: (file: string) => void;
  /** Called as the run moves through its phases; the CLI draws progress from it. */
  onProgress?: (progress: RunProgress) => void;
}

export interface RunProgress {
  phase: 'discover' | 'read' | 'scan' | 'fix' | 'done';
  done: number;
  total: number;
}

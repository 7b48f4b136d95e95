// The package's library entry (`import … from 'wechat-unpin'`). scanProject and fixProject analyse
// texts the caller holds; run() is the whole CLI pipeline on paths (discover, read, scan, fix, write)
// and returns the result the reporters print.
export { fixProject, scanProject } from './library.ts';
export type { ProjectFinding, ProjectFix, ProjectScan, ScanProjectOptions } from './library.ts';
export { run } from './run.ts';
export { DEFAULT_HOST_PATTERNS, createHostMatcher } from './hosts.ts';
export { UsageError } from './errors.ts';
export { formatJson } from './report/json.ts';
export type {
  CertificateInfo,
  Evidence,
  FileChange,
  FileError,
  Finding,
  FindingKind,
  FindingStatus,
  Note,
  ReasonCode,
  RunOptions,
  RunResult,
} from './types.ts';

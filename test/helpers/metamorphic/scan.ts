// Scans a project (the original or a variant) with run() in-process: write it to a temp folder, run
// `scan` with planFixes (so one run gives both the findings and what `fix` would write), clean up.
// The slim result is what crosses a worker boundary.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { run } from '../../../src/run.ts';
import type { FileChange, FileError, Finding } from '../../../src/types.ts';

export interface ScanOptions {
  hosts: string[];
  fixInsecure: boolean;
}

export type SlimFinding = Pick<Finding, 'file' | 'line' | 'column' | 'kind' | 'status' | 'reason' | 'hosts' | 'evidence'>;

export interface ScanOutcome {
  findings: SlimFinding[];
  changes: FileChange[];
  errors: FileError[];
}

export async function scanProject(files: ReadonlyArray<[string, string]>, options: ScanOptions): Promise<ScanOutcome> {
  const root = mkdtempSync(path.join(tmpdir(), 'wechat-unpin-metamorphic-'));
  try {
    for (const [name, text] of files) {
      mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
      writeFileSync(path.join(root, name), text);
    }
    const result = await run({
      command: 'scan',
      planFixes: true,
      paths: ['.'],
      cwd: root,
      hosts: options.hosts,
      defaultHosts: true,
      ignore: [],
      includeTests: false,
      dryRun: false,
      fixInsecure: options.fixInsecure,
    });
    return {
      findings: result.findings.map(({ file, line, column, kind, status, reason, hosts, evidence }) => ({ file, line, column, kind, status, reason, hosts, evidence })),
      changes: result.changes,
      errors: result.errors,
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

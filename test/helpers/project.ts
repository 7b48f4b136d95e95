// Temp projects for tests: write files, run the pipeline in-process, read the files back.
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { run } from '../../src/run.ts';
import type { RunOptions, RunResult } from '../../src/types.ts';

export interface ProjectRun {
  result: RunResult;
  files: Record<string, string>;
}

export function writeProject(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'wechat-unpin-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  return root;
}

export function defaultOptions(cwd: string, overrides: Partial<RunOptions> = {}): RunOptions {
  return {
    command: 'scan',
    paths: ['.'],
    cwd,
    hosts: [],
    defaultHosts: true,
    ignore: [],
    includeTests: false,
    dryRun: false,
    fixInsecure: false,
    ...overrides,
  };
}

/** Writes `files` into a fresh folder, runs `fix` there, returns the result and the files after. */
export async function fixInTempProject(files: Record<string, string>, overrides: Partial<RunOptions> = {}): Promise<ProjectRun> {
  const root = writeProject(files);
  try {
    const result = await run(defaultOptions(root, { command: 'fix', ...overrides }));
    const after = Object.fromEntries(Object.keys(files).map((name) => [name, readFileSync(path.join(root, name), 'utf8')]));
    return { result, files: after };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

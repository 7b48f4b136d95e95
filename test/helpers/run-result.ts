// Hand-built RunResults for the report tests: a finding with sensible defaults, and a RunResult whose
// summary is counted from its findings so every test states only what it is about.
import type { Finding, FindingKind, FindingStatus, ReportContext, RunResult } from '../../src/types.ts';

export function finding(overrides: Partial<Finding> & Pick<Finding, 'file' | 'line'>): Finding {
  return {
    id: `id-${overrides.file}-${overrides.line}`,
    kind: 'pinned-ca',
    status: 'fixable',
    reason: 'wechat-only',
    column: 5,
    endLine: overrides.line,
    endColumn: 7,
    hosts: ['api.weixin.qq.com'],
    client: 'axios',
    message: 'CA pinned for api.weixin.qq.com: the pinned root replaces the system trust store.',
    evidence: [],
    ...overrides,
  };
}

export function runResult(overrides: Partial<RunResult> & Pick<RunResult, 'findings'>): RunResult {
  const findings = overrides.findings;
  const count = <K extends string>(keys: readonly K[], pick: (f: Finding) => K): Record<K, number> => {
    const out = Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
    for (const f of findings) out[pick(f)] += 1;
    return out;
  };
  const changes = overrides.changes ?? [];
  const errors = overrides.errors ?? [];
  return {
    command: 'scan',
    dryRun: false,
    unusedCertificates: [],
    notes: [],
    summary: {
      filesMatched: 10,
      filesParsed: 4,
      filesWithoutWeChatEvidence: 0,
      filesChanged: changes.length,
      findings: count<FindingKind>(['pinned-ca', 'insecure-tls'], (f) => f.kind),
      byStatus: count<FindingStatus>(['fixable', 'fixed', 'needs-review', 'suppressed'], (f) => f.status),
      errors: errors.length,
      durationMs: 12,
    },
    changes,
    errors,
    sources: {},
    ...overrides,
  };
}

export const context: ReportContext = {
  toolName: 'wechat-unpin',
  toolVersion: '0.1.0',
  cwd: '/home/dev/shop',
  color: false,
};

/** The sample app of the report tests: one file with a pin on its own line and its loader. */
export const CLIENT_BEFORE = [
  "import fs from 'node:fs';",
  "import https from 'node:https';",
  "import axios from 'axios';",
  '',
  "const ca = fs.readFileSync('certs/wx-root.pem');",
  '',
  'export const wx = axios.create({',
  "  baseURL: 'https://api.weixin.qq.com',",
  '  httpsAgent: new https.Agent({',
  '    ca,',
  '    keepAlive: true,',
  '  }),',
  '});',
  '',
].join('\n');

export const CLIENT_AFTER = [
  "import https from 'node:https';",
  "import axios from 'axios';",
  '',
  'export const wx = axios.create({',
  "  baseURL: 'https://api.weixin.qq.com',",
  '  httpsAgent: new https.Agent({',
  '    keepAlive: true,',
  '  }),',
  '});',
  '',
].join('\n');

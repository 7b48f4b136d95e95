// The two rules: one per finding kind, both fed by the same analysis of the linted file (the scanner's
// library entry, with the file's project read from disk; project-context.ts). A finding is reported at
// the line and column `wechat-unpin scan` gives; a fixable one carries the fix `wechat-unpin fix`
// would write, a review a suggestion; suppressed findings are not reported.
import path from 'node:path';
import type { Rule, SourceCode } from 'eslint';
import { mayHoldFinding } from '../prefilter.ts';
import type { FindingKind } from '../types.ts';
import { analyseSync, warmUp } from './analysis-client.ts';
import type { AnalysisResult, Deletion, HostOptions, LintFinding } from './protocol.ts';

const DOCS_URL = 'https://www.npmjs.com/package/wechat-unpin#in-the-editor-eslint';

interface RuleOptions {
  hosts?: string[];
  defaultHosts?: boolean;
  fixInsecure?: boolean;
}

const HOST_PROPERTIES = {
  hosts: { type: 'array', items: { type: 'string' }, description: 'Host patterns that count as WeChat\'s besides the defaults (suffix match), added to the config file\'s.' },
  defaultHosts: { type: 'boolean', description: 'false: only `hosts` (and the config file\'s) count.' },
} as const;

/**
 * Both rules ask for the same analysis of the same text: the first asks the worker, the second finds
 * the answer here. Keyed by the SourceCode object, which ESLint makes once per lint of a text.
 */
const analyses = new WeakMap<SourceCode, Map<string, AnalysisResult>>();

function analysisOf(sourceCode: SourceCode, filename: string, hostOptions: HostOptions): AnalysisResult {
  const key = JSON.stringify(hostOptions);
  let byOptions = analyses.get(sourceCode);
  if (!byOptions) analyses.set(sourceCode, (byOptions = new Map()));
  let result = byOptions.get(key);
  if (!result) byOptions.set(key, (result = analyseSync({ filename, text: sourceCode.text, ...hostOptions })));
  return result;
}

function removing(deletions: readonly Deletion[]): Rule.ReportFixer {
  return (fixer) => deletions.map(([start, end]) => fixer.removeRange([start, end]));
}

interface KindRule {
  kind: FindingKind;
  description: string;
  messages: Record<string, string>;
  /** The report for one unsuppressed finding: message id, and what fixes it. */
  describe(finding: LintFinding, fixInsecure: boolean): Pick<Rule.ReportDescriptor, 'fix' | 'suggest'> & { messageId: string };
  extraOptions?: Record<string, unknown>;
}

function findingRule(spec: KindRule): Rule.RuleModule {
  return {
    meta: {
      type: 'problem',
      docs: { description: spec.description, recommended: true, url: DOCS_URL },
      fixable: 'code',
      hasSuggestions: true,
      messages: spec.messages,
      schema: [{ type: 'object', properties: { ...HOST_PROPERTIES, ...spec.extraOptions }, additionalProperties: false }],
    },
    create(context) {
      const filename = context.physicalFilename;
      const options = (context.options[0] ?? {}) as RuleOptions;
      const hostOptions: HostOptions = { hosts: options.hosts ?? [], defaultHosts: options.defaultHosts };
      // Text from stdin without --stdin-filename has no project to read its imports from.
      if (!path.isAbsolute(filename)) return {};
      warmUp({ filename, ...hostOptions });
      return {
        Program() {
          const sourceCode = context.sourceCode;
          // The prefilter the CLI runs first: a text that fails it holds no finding, and nothing is read.
          if (!mayHoldFinding(sourceCode.text)) return;
          const result = analysisOf(sourceCode, filename, hostOptions);
          const fixInsecure = options.fixInsecure ?? result.fixInsecure;
          for (const finding of result.findings) {
            if (finding.kind !== spec.kind || finding.status === 'suppressed') continue;
            context.report({
              // ESLint's columns are 0-based here and printed 1-based: the printed column is the scan's.
              loc: { start: { line: finding.line, column: finding.column - 1 }, end: { line: finding.endLine, column: finding.endColumn - 1 } },
              data: { message: finding.message, reason: finding.reason },
              ...spec.describe(finding, fixInsecure),
            });
          }
        },
      };
    },
  };
}

export const noPinnedCa = findingRule({
  kind: 'pinned-ca',
  description: 'Disallow a TLS `ca` pinned for WeChat API hosts: WeChat rotates its chains and a pinned root replaces the system trust store',
  messages: {
    fixable: '{{message}}. It serves WeChat only: the fix removes it.',
    review: '{{message}}',
    removeAfterReview: 'Remove this pinned CA (under review: {{reason}}).',
  },
  describe(finding) {
    if (finding.status === 'fixable') return { messageId: 'fixable', ...(finding.fix ? { fix: removing(finding.fix) } : {}) };
    return {
      messageId: 'review',
      ...(finding.suggestion ? { suggest: [{ messageId: 'removeAfterReview', data: { reason: finding.reason }, fix: removing(finding.suggestion) }] } : {}),
    };
  },
});

export const noInsecureTls = findingRule({
  kind: 'insecure-tls',
  description: 'Disallow turning TLS certificate checks off for WeChat API hosts (`rejectUnauthorized: false` and kin)',
  messages: {
    fixable: '{{message}}. It serves WeChat only: the fix removes it.',
    fixableBySuggestion: '{{message}}. It serves WeChat only: the suggestion removes it.',
    review: '{{message}}',
    removeInsecure: 'Remove the turned-off check (`wechat-unpin fix --fix-insecure` removes it).',
    removeAfterReview: 'Remove the turned-off check (under review: {{reason}}).',
  },
  extraOptions: {
    fixInsecure: { type: 'boolean', description: 'Autofix as `wechat-unpin fix --fix-insecure` (default: the config file\'s `fixInsecure`); otherwise a suggestion.' },
  },
  describe(finding, fixInsecure) {
    if (finding.status === 'fixable') {
      if (fixInsecure && finding.fix) return { messageId: 'fixable', fix: removing(finding.fix) };
      if (!finding.suggestion) return { messageId: 'review' };
      return { messageId: 'fixableBySuggestion', suggest: [{ messageId: 'removeInsecure', fix: removing(finding.suggestion) }] };
    }
    return {
      messageId: 'review',
      ...(finding.suggestion ? { suggest: [{ messageId: 'removeAfterReview', data: { reason: finding.reason }, fix: removing(finding.suggestion) }] } : {}),
    };
  },
});

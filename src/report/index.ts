// The formatter registry: one module per format, each RunResult → string.
import type { ReportContext, RunResult } from '../types.ts';
import { formatDiff } from './diff.ts';
import { formatJson } from './json.ts';
import { formatMarkdown } from './markdown.ts';
import { formatSarif } from './sarif.ts';
import { formatText } from './text.ts';

export const FORMATS = ['text', 'json', 'sarif', 'markdown', 'diff'] as const;
export type Format = (typeof FORMATS)[number];

const FORMATTERS: Record<Format, (result: RunResult, context: ReportContext) => string> = {
  text: formatText,
  json: formatJson,
  sarif: formatSarif,
  markdown: formatMarkdown,
  diff: formatDiff,
};

export function formatReport(format: Format, result: RunResult, context: ReportContext): string {
  return FORMATTERS[format](result, context);
}

/** Formats whose output shows the changes a fix would make, so a scan must plan them. */
export function formatNeedsChanges(format: Format): boolean {
  return format === 'sarif' || format === 'diff';
}

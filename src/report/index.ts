// The formatter registry: one module per format, each RunResult → string, loaded when asked for.
import type { ReportContext, RunResult } from '../types.ts';

export const FORMATS = ['text', 'json', 'sarif', 'markdown', 'diff'] as const;
export type Format = (typeof FORMATS)[number];

type Formatter = (result: RunResult, context: ReportContext) => string;

const FORMATTERS: Record<Format, () => Promise<Formatter>> = {
  text: async () => (await import('./text.ts')).formatText,
  json: async () => (await import('./json.ts')).formatJson,
  sarif: async () => (await import('./sarif.ts')).formatSarif,
  markdown: async () => (await import('./markdown.ts')).formatMarkdown,
  diff: async () => (await import('./diff.ts')).formatDiff,
};

export async function formatReport(format: Format, result: RunResult, context: ReportContext): Promise<string> {
  const formatter = await FORMATTERS[format]();
  return formatter(result, context);
}

/** Formats whose output shows (or counts) the changes a fix would make, so a scan must plan them. */
export function formatNeedsChanges(format: Format): boolean {
  return format === 'sarif' || format === 'diff' || format === 'markdown';
}

// The JSON report, schemaVersion 1 (../shared/DESIGN.md). Fields are picked one by one so that
// internal data (sources, changes) never leaks into the contract.
import type { Finding, Note, ReportContext, RunResult } from '../types.ts';

export const SCHEMA_VERSION = 1;

export function formatJson(result: RunResult, context: ReportContext): string {
  const report = {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: context.toolName, version: context.toolVersion },
    command: result.command,
    summary: result.summary,
    findings: result.findings.map(findingJson),
    errors: result.errors.map((error) => ({ file: error.file, message: error.message })),
    unusedCertificates: result.unusedCertificates,
    notes: result.notes.map(noteJson),
    // Only with --report-unused-suppressions: an empty list then says none was found.
    ...(result.unusedSuppressions ? { unusedSuppressions: result.unusedSuppressions.map(noteJson) } : {}),
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}

function findingJson(finding: Finding): Record<string, unknown> {
  const json: Record<string, unknown> = {
    id: finding.id,
    kind: finding.kind,
    status: finding.status,
    reason: finding.reason,
    file: finding.file,
    line: finding.line,
    column: finding.column,
    endLine: finding.endLine,
    endColumn: finding.endColumn,
    hosts: finding.hosts,
    client: finding.client,
    message: finding.message,
    evidence: finding.evidence,
  };
  if (finding.certificate) json['certificate'] = finding.certificate;
  if (finding.suppression) json['suppression'] = finding.suppression;
  return json;
}

function noteJson(note: Note): Record<string, unknown> {
  return { file: note.file, line: note.line, column: note.column, message: note.message };
}

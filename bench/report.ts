// Markdown tables of the measurements: readable in a terminal and in bench/RESULTS.md alike.
import type { Measurement } from './measure.ts';

export function formatSeconds(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

/** KiB (ru_maxrss) → MB of 10^6 bytes, the unit of issue 5's targets. */
export function megabytes(kb: number): number {
  return (kb * 1024) / 1e6;
}

function formatRss(kb: number | undefined): string {
  return kb === undefined ? 'n/a' : `${Math.round(megabytes(kb))} MB`;
}

function ratio(value: number, reference: number): string {
  const factor = value / reference;
  if (factor >= 10) return `${factor.toFixed(0)}×`;
  return `${factor >= 0.1 ? factor.toFixed(2) : factor.toPrecision(2)}×`;
}

/** `1 file`, `2 files`. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]): string => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export interface Scenario {
  title: string;
  description: string;
  rows: Measurement[];
  /** The row the ratios are taken against. */
  reference: string;
}

export function scenarioTable(scenario: Scenario): string {
  const reference = scenario.rows.find((row) => row.tool === scenario.reference);
  const rows = scenario.rows.map((row) => [
    `\`${row.tool}\``,
    String(row.runs),
    formatSeconds(row.wallMs),
    reference ? ratio(row.wallMs, reference.wallMs) : '',
    formatRss(row.rssKb),
    row.result,
  ]);
  return [
    `### ${scenario.title}`,
    '',
    scenario.description,
    '',
    table(['tool', 'runs', 'wall (median)', `÷ \`${scenario.reference}\``, 'peak RSS (median)', 'result of the last run'], rows),
  ].join('\n');
}

export interface ScalingRow {
  files: number;
  rows: Measurement[];
}

export function scalingTable(scaling: ScalingRow[]): string {
  const tools = [...new Set(scaling.flatMap((size) => size.rows.map((row) => row.tool)))];
  const header = ['files', ...tools.map((tool) => `\`${tool}\``), 'scan peak RSS'];
  const rows = scaling.map((size) => {
    const cells = tools.map((tool) => {
      const row = size.rows.find((candidate) => candidate.tool === tool);
      return row ? `${formatSeconds(row.wallMs)}${row.runs === 1 ? ' (1 run)' : ''}` : '';
    });
    const scan = size.rows.find((row) => row.tool === 'wechat-unpin scan');
    return [String(size.files), ...cells, formatRss(scan?.rssKb)];
  });
  return table(header, rows);
}

export interface TargetCheck {
  target: string;
  measured: string;
  /** How far from the target: `2.3× over` or `1.8× under`. */
  factor: string;
  pass: boolean;
}

export function targetsTable(checks: TargetCheck[]): string {
  return table(
    ['target (issue 5, item 3)', 'measured', 'factor', 'verdict'],
    checks.map((check) => [check.target, check.measured, check.factor, check.pass ? 'PASS' : 'MISS']),
  );
}

// DoctorResult → text for a terminal, or JSON for a pipeline. The sentences come from messages.ts.

import pc from 'picocolors';
import { printable } from '../printable.ts';
import {
  checkMessage,
  ENVIRONMENT_UNSET,
  offlineMessage,
  ONLINE_HINT,
  SECTION_TITLES,
  summaryMessage,
} from './messages.ts';
import type { CheckLevel, DoctorCheck, DoctorResult, DoctorSection } from './types.ts';

type Colors = ReturnType<typeof pc.createColors>;

const MARKS: Record<CheckLevel, string> = { problem: '✗', warning: '!', ok: '✓', info: '·' };
// Verdicts before the facts that support them.
const RANK: Record<CheckLevel, number> = { problem: 0, warning: 1, ok: 2, info: 3 };

function paint(colors: Colors, level: CheckLevel, text: string): string {
  switch (level) {
    case 'problem':
      return colors.red(text);
    case 'warning':
      return colors.yellow(text);
    case 'ok':
      return colors.green(text);
    case 'info':
      return colors.dim(text);
  }
}

function line(colors: Colors, level: CheckLevel, text: string): string {
  // File names and environment values reach the text: shown without their control characters.
  return `  ${paint(colors, level, MARKS[level])} ${printable(text)}`;
}

function sectionLines(result: DoctorResult, section: DoctorSection, colors: Colors): string[] {
  const checks = [...result.sections[section]].sort((a, b) => RANK[a.level] - RANK[b.level]);
  if (section === 'environment' && checks.length === 0) return [line(colors, 'info', ENVIRONMENT_UNSET)];
  if (section === 'online') {
    if (!result.online) return [line(colors, 'info', ONLINE_HINT)];
    // Offline is one line, not one per target.
    if (result.online.unreachable) {
      return [line(colors, 'warning', offlineMessage(result.online.targets, checks.map(errorCodeOf)))];
    }
  }
  return checks.map((check) => line(colors, check.level, checkMessage(check)));
}

function errorCodeOf(check: DoctorCheck): string {
  return 'errorCode' in check ? check.errorCode : check.code;
}

export function formatDoctorText(result: DoctorResult, color: boolean): string {
  const colors = pc.createColors(color);
  const out: string[] = [colors.bold(`wechat-unpin doctor (Node ${result.node.version})`)];
  for (const section of Object.keys(SECTION_TITLES) as DoctorSection[]) {
    out.push('', colors.bold(SECTION_TITLES[section]), ...sectionLines(result, section, colors));
  }
  out.push('', summaryMessage(result.problems, result.warnings, result.online?.unreachable ?? false));
  return `${out.join('\n')}\n`;
}

/** The result as it is, each check with its sentence beside it for people reading the JSON. */
export function formatDoctorJson(result: DoctorResult): string {
  const withMessages = (checks: DoctorCheck[]) => checks.map((check) => ({ ...check, message: checkMessage(check) }));
  const sections = Object.fromEntries(
    Object.entries(result.sections).map(([name, checks]) => [name, withMessages(checks)]),
  );
  return `${JSON.stringify({ ...result, sections }, null, 2)}\n`;
}

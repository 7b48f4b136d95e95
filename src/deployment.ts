// The pipeline stage for deployment files (package.json scripts, .env files, Dockerfiles, Compose, pm2,
// Kubernetes manifests): NODE_TLS_REJECT_UNAUTHORIZED=0 there turns certificate checks off for every
// process the project starts, WeChat's connections included. Reported when the project talks to
// WeChat, never rewritten: the value may serve other hosts, and the file may be a template.
import type { HostMatcher } from './hosts.ts';
import { lineOf } from './line-starts.ts';
import type { ReadResult, SourceText } from './read.ts';
import { SDK_HOSTS } from './scan/clients/wechat-sdks.ts';
import { mayHoldDeploymentSetting } from './deploy/files.ts';
import type { DeploymentSource, TrustStoreNote } from './deploy/types.ts';
import type { Evidence, FileError, FindingKind, ReasonCode } from './types.ts';

/** Where the project shows it talks to WeChat: the hosts it names and the first place it names one. */
export interface WeChatContact {
  hosts: string[];
  first: Evidence;
}

/** A deployment setting as the pipeline reports it (the shape toFinding takes). */
export interface DeploymentFinding {
  kind: FindingKind;
  status: 'needs-review';
  reason: ReasonCode;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  hosts: string[];
  client: DeploymentSource;
  evidence: Evidence[];
  certificatePaths: string[];
}

export interface DeploymentOutcome {
  findings: DeploymentFinding[];
  notes: TrustStoreNote[];
  errors: FileError[];
  /** The deployment files read, for the reports' excerpts. */
  texts: Map<string, SourceText>;
}

/**
 * The WeChat hosts the sources name (a literal host, or an SDK module that talks only to WeChat), or
 * undefined when none does: then the project does not talk to WeChat, as far as any code shows.
 */
export function weChatContact(texts: ReadonlyMap<string, string>, matcher: HostMatcher): WeChatContact | undefined {
  const hostPattern = new RegExp(`(?<![a-z0-9.-])(?:[a-z0-9-]+\\.)*(?:${matcher.patterns.map(escapeRegExp).join('|')})(?![a-z0-9-])`, 'gi');
  const modules = Object.keys(SDK_HOSTS);
  const hosts = new Set<string>();
  let first: Evidence | undefined;
  for (const file of [...texts.keys()].sort()) {
    const text = texts.get(file)!;
    for (const match of text.matchAll(hostPattern)) {
      hosts.add(match[0].toLowerCase());
      first ??= { file, line: lineOf(text, match.index), note: `the project calls ${match[0].toLowerCase()}` };
    }
    for (const module of modules) {
      const at = Math.max(text.indexOf(`'${module}'`), text.indexOf(`"${module}"`));
      if (at < 0) continue;
      for (const host of SDK_HOSTS[module]!) hosts.add(host);
      first ??= { file, line: lineOf(text, at), note: `the project uses ${module}, which calls WeChat` };
    }
  }
  return first ? { hosts: [...hosts].sort(), first } : undefined;
}

/**
 * The settings in the deployment files. `known` holds texts already read (pm2's ecosystem.config.js
 * is a source file too); the others are read with `read` (from disk, or the index under --staged). `contactOf` is asked only when some file names a
 * TLS variable, and nothing is reported when the project does not talk to WeChat.
 */
export async function findDeploymentFindings(
  files: readonly string[],
  known: ReadonlyMap<string, SourceText>,
  contactOf: () => Promise<WeChatContact | undefined>,
  read: (files: readonly string[]) => Promise<ReadResult>,
): Promise<DeploymentOutcome> {
  const none: DeploymentOutcome = { findings: [], notes: [], errors: [], texts: new Map() };
  const { sources, errors } = await read(files.filter((file) => !known.has(file)));
  const texts = new Map<string, SourceText>();
  for (const file of files) if (known.has(file)) texts.set(file, known.get(file)!);
  for (const source of sources) texts.set(source.file, source);
  const holding = [...texts.values()].some((source) => mayHoldDeploymentSetting(source.text));
  if (!holding && errors.length === 0) return none;
  const contact = await contactOf();
  if (!contact) return none;
  // A deployment file that could not be read may hold a setting: said only where it would matter.
  if (!holding) return { ...none, errors };
  const { findDeploymentSettings } = await import('./deploy/index.ts');
  const scan = findDeploymentSettings(new Map([...texts].map(([file, source]) => [file, source.text])));
  const findings = scan.settings.map(
    (setting): DeploymentFinding => ({
      kind: 'insecure-tls',
      status: 'needs-review',
      reason: 'deployment-setting',
      file: setting.file,
      line: setting.line,
      column: setting.column,
      endLine: setting.endLine,
      endColumn: setting.endColumn,
      hosts: contact.hosts,
      client: setting.source,
      evidence: [contact.first],
      certificatePaths: [],
    }),
  );
  return { findings, notes: scan.notes, errors: [...errors, ...scan.errors], texts };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

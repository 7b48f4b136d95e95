// Settings outside JS/TS code that turn certificate checks off for the processes a project starts:
// NODE_TLS_REJECT_UNAUTHORIZED=0 in package.json scripts, .env files, Dockerfiles, Compose files, pm2
// ecosystem files and Kubernetes manifests. Text in, data out: the caller reads the files (see
// discoverDeploymentFiles) and decides whether the project talks to WeChat.
//
// One module per kind of file (kinds/), each with its meta and a real parser for its format; which file
// names a kind reads is data (files.ts). A file that names no TLS variable is not parsed at all.
import type { FileError } from '../types.ts';
import { deploymentKindOf, mayHoldDeploymentSetting } from './files.ts';
import { compose } from './kinds/compose.ts';
import { dockerfile } from './kinds/dockerfile.ts';
import { dotenv } from './kinds/dotenv.ts';
import { kubernetes } from './kinds/kubernetes.ts';
import { packageJson } from './kinds/package-json.ts';
import { pm2 } from './kinds/pm2.ts';
import { type Position, positionsOf } from './positions.ts';
import { DISABLING_VARIABLE, classify } from './variables.ts';
import { type DeploymentKind, type DeploymentScan, type DeploymentSetting, type Found, ParseError, type TrustStoreNote } from './types.ts';

export { DEPLOYMENT_FILE_NAMES, deploymentKindOf, mayHoldDeploymentSetting } from './files.ts';
export type { DeploymentScan, DeploymentSetting, DeploymentSource, TrustStoreNote, TrustStoreOption } from './types.ts';

export const DEPLOYMENT_KINDS: readonly DeploymentKind[] = [packageJson, dotenv, dockerfile, compose, pm2, kubernetes];

const BY_ID = new Map(DEPLOYMENT_KINDS.map((kind) => [kind.meta.id, kind]));

/**
 * The settings in these files (absolute path → text, BOM removed). Files that are no deployment file,
 * or name no TLS variable, are passed over; a file that does not parse is an error entry, never a throw.
 * Results are in file order, then by position.
 */
export function findDeploymentSettings(files: ReadonlyMap<string, string>): DeploymentScan {
  const scan: DeploymentScan = { settings: [], notes: [], errors: [] };
  for (const file of [...files.keys()].sort()) {
    const text = files.get(file)!;
    const id = deploymentKindOf(file);
    if (id && mayHoldDeploymentSetting(text)) readFile(BY_ID.get(id)!, file, text, scan);
  }
  return scan;
}

function readFile(kind: DeploymentKind, file: string, text: string, scan: DeploymentScan): void {
  const position = positionsOf(text);
  let found: Found[];
  try {
    found = kind.find(text, file);
  } catch (error) {
    scan.errors.push(errorOf(kind, file, error, position));
    return;
  }
  const seen = new Set<string>();
  for (const item of found.sort((a, b) => a.start - b.start || a.end - b.end)) {
    const start = position(item.start);
    const end = position(item.end);
    const span = { file, line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
    for (const verdict of classify(item)) {
      // An anchor that two services share is one setting in the file.
      const key = `${item.start}:${item.end}:${verdict.type}:${verdict.type === 'note' ? verdict.option : ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (verdict.type === 'setting') {
        const setting: DeploymentSetting = { ...span, variable: DISABLING_VARIABLE, value: verdict.value, source: kind.meta.id };
        scan.settings.push(setting);
      } else {
        const note: TrustStoreNote = { ...span, option: verdict.option, via: verdict.via, value: verdict.value, source: kind.meta.id };
        scan.notes.push(note);
      }
    }
  }
}

function errorOf(kind: DeploymentKind, file: string, error: unknown, position: (offset: number) => Position): FileError {
  if (error instanceof ParseError) {
    const at = error.offset === undefined ? '' : ` (${position(error.offset).line}:${position(error.offset).column})`;
    return { file, message: `${error.message}${at}; its ${kind.meta.id} settings were not read` };
  }
  // A bug in a reader must not stop the run: the file is reported, the other files are still read.
  return { file, message: `could not read ${kind.meta.id} settings: ${error instanceof Error ? error.message : String(error)}` };
}

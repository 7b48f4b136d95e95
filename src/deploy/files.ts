// Which file names each kind of deployment file covers, and the cheap gate in front of the parsers.
// No parser here: discovery imports it on every run, the parsers load only when a file passes.
import path from 'node:path';
import picomatch from 'picomatch';
import type { DeploymentSource } from './types.ts';

export interface DeploymentFileNames {
  id: DeploymentSource;
  /** Base-name globs. A name the kinds before this one claimed is theirs (compose YAML is not Kubernetes). */
  names: readonly string[];
  /** Base names never of this kind. */
  except?: readonly string[];
}

/** In order: the first kind whose names match a file's base name reads it. */
export const DEPLOYMENT_FILE_NAMES: readonly DeploymentFileNames[] = [
  { id: 'package.json', names: ['package.json'] },
  // `.env.example` too: a template is copied into the real .env, setting and all.
  { id: 'dotenv', names: ['.env', '.env.*', '*.env'] },
  {
    id: 'dockerfile',
    names: ['Dockerfile', 'Dockerfile.*', '*.Dockerfile', '*.dockerfile', 'Containerfile', 'Containerfile.*', '*.Containerfile'],
    except: ['*.dockerignore'],
  },
  { id: 'compose', names: ['docker-compose.{yml,yaml}', 'docker-compose.*.{yml,yaml}', 'compose.{yml,yaml}', 'compose.*.{yml,yaml}'] },
  { id: 'pm2', names: ['ecosystem.config.{js,cjs,mjs,json}', 'ecosystem.json'] },
  // Manifests have no fixed names (k8s/deployment.yaml, chart values.yaml); the reader looks for the
  // shapes that set a container's environment. A lock file is YAML too, large, and never holds them.
  { id: 'kubernetes', names: ['*.yaml', '*.yml'], except: ['pnpm-lock.yaml'] },
];

const MATCHERS = DEPLOYMENT_FILE_NAMES.map(({ id, names, except }) => ({
  id,
  matches: picomatch([...names], { dot: true }),
  excluded: picomatch([...(except ?? [])], { dot: true }),
}));

/** Which kind of deployment file a path is, by its base name; undefined for any other file. */
export function deploymentKindOf(file: string): DeploymentSource | undefined {
  const name = path.basename(file);
  const matcher = MATCHERS.find((candidate) => candidate.matches(name));
  return matcher && !matcher.excluded(name) ? matcher.id : undefined;
}

/** Globs for discovery: every name any kind reads, below any folder. */
export const DEPLOYMENT_GLOBS: readonly string[] = DEPLOYMENT_FILE_NAMES.flatMap(({ names }) => names.map((name) => `**/${name}`));

/**
 * Could this text set a variable or option the reader reports? A file that names none of them is not
 * parsed at all (so a broken YAML file that sets nothing of ours is no error of ours either).
 */
export function mayHoldDeploymentSetting(text: string): boolean {
  return /NODE_TLS_REJECT_UNAUTHORIZED|NODE_OPTIONS|NODE_EXTRA_CA_CERTS|--use-(?:openssl|system)-ca/.test(text);
}

// Which file names each kind of deployment file covers, and the cheap gate in front of the parsers.
// No parser here: discovery imports it on every run, the parsers load only when a file passes.
import { createRequire } from 'node:module';
import path from 'node:path';
import type picomatchType from 'picomatch';
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

/**
 * Text that every name of every kind holds: of each glob (each brace alternative), its longest run
 * without a wildcard. A name holding none of these is no deployment file, and most names hold none
 * (`index.js`), so the globs are compiled only when some name passes: loading picomatch and
 * compiling these globs cost a pre-commit run ~12 ms of its ~155.
 */
export const NAME_GATE = new RegExp(
  [...new Set(DEPLOYMENT_FILE_NAMES.flatMap(({ names }) => names.flatMap(braceAlternatives)).map(longestLiteral))]
    .map((literal) => literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('|'),
);

/** The longest run of a glob without `*` or `?` (the table's globs use no other wildcard; a test holds them to it). */
function longestLiteral(glob: string): string {
  return glob.split(/[*?]/).reduce((longest, run) => (run.length > longest.length ? run : longest));
}

/** `a.{b,c}` → `a.b`, `a.c`: the one level of braces the table uses. */
function braceAlternatives(glob: string): string[] {
  const brace = /\{([^{}]*)\}/.exec(glob);
  if (!brace) return [glob];
  return brace[1]!.split(',').flatMap((choice) => braceAlternatives(glob.slice(0, brace.index) + choice + glob.slice(brace.index + brace[0].length)));
}

type Matchers = Array<{ id: DeploymentSource; matches: (name: string) => boolean; excluded: (name: string) => boolean }>;
let matchers: Matchers | undefined;

function matchersOf(): Matchers {
  const picomatch = createRequire(import.meta.url)('picomatch') as typeof picomatchType;
  return DEPLOYMENT_FILE_NAMES.map(({ id, names, except }) => ({
    id,
    matches: picomatch([...names], { dot: true }),
    excluded: picomatch([...(except ?? [])], { dot: true }),
  }));
}

/** Which kind of deployment file a path is, by its base name; undefined for any other file. */
export function deploymentKindOf(file: string): DeploymentSource | undefined {
  const name = path.basename(file);
  if (!NAME_GATE.test(name)) return undefined;
  const matcher = (matchers ??= matchersOf()).find((candidate) => candidate.matches(name));
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

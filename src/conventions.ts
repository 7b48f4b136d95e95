// Files frameworks load by convention rather than by import: an egg app reads `config/config.*.js`
// into `app.config` for every service, controller and schedule. The import graph adds these edges so
// that the scanner loads a service together with the config it reads. Text only, like imports.ts.
import path from 'node:path';

const EGG_CONFIG = /^(?:config\.[\w-]+|plugin(?:\.[\w-]+)?)\.(?:js|ts|cjs|mjs)$/;
const EGG_DEFAULT = /^config\.default\.(?:js|ts|cjs|mjs)$/;

/** Egg apps among a set of files: app root → its config files. Built once per set. */
const indexes = new WeakMap<ReadonlySet<string>, Map<string, string[]>>();

function eggApps(known: ReadonlySet<string>): Map<string, string[]> {
  let apps = indexes.get(known);
  if (apps) return apps;
  apps = new Map();
  for (const file of known) {
    if (path.basename(path.dirname(file)) !== 'config' || !EGG_CONFIG.test(path.basename(file))) continue;
    const root = path.dirname(path.dirname(file));
    const list = apps.get(root);
    if (list) list.push(file);
    else apps.set(root, [file]);
  }
  for (const [root, files] of apps) {
    if (!files.some((file) => EGG_DEFAULT.test(path.basename(file)))) apps.delete(root);
    else files.sort();
  }
  indexes.set(known, apps);
  return apps;
}

/** The root of the egg app a file belongs to: the nearest folder above it with `config/config.default.*`. */
export function eggRootOf(file: string, known: ReadonlySet<string>): string | undefined {
  const apps = eggApps(known);
  if (apps.size === 0) return undefined;
  for (let directory = path.dirname(file); ; directory = path.dirname(directory)) {
    if (apps.has(directory)) return directory;
    if (path.dirname(directory) === directory) return undefined;
  }
}

/** The config files of the egg app at `root` (`config/config.default.js`, `config.prod.js`, `plugin.js`, …). */
export function eggConfigFiles(root: string, known: ReadonlySet<string>): readonly string[] {
  return eggApps(known).get(root) ?? [];
}

/** Files a framework makes available to `file` without an import. */
export function conventionalImports(file: string, known: ReadonlySet<string>): string[] {
  const root = eggRootOf(file, known);
  return root ? eggConfigFiles(root, known).filter((config) => config !== file) : [];
}

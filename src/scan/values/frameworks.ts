// Frameworks that call the project's code themselves (clients/*.ts `framework`): egg loads `app.js`,
// schedules and the router and calls them with its application or a context, and merges
// `config/config.*.js` into `app.config`. Here the rounds make those calls, with the framework's values
// as API values, and compute what a `provides` member stands for.
import path from 'node:path';
import { ts } from '../typescript.ts';
import { CLIENT_FAMILIES } from '../clients.ts';
import { own, type EntryCall, type FrameworkModel } from '../clients/types.ts';
import type { Analysis } from './analysis.ts';
import { bindParameters, construct, type Args } from './calls.ts';
import { readPath } from './fields.ts';
import { ValueSet, type Value } from './lattice.ts';
import { exportNames, isEsModule, readModuleExport } from './modules.ts';

const FRAMEWORKS = CLIENT_FAMILIES.flatMap((family) => (family.framework ? [{ module: Object.keys(family.modules)[0]!, model: family.framework }] : []));

/** The calls a framework makes into a file it loads itself. */
export function callFrameworkEntries(a: Analysis, file: ts.SourceFile): void {
  for (const { module, model } of FRAMEWORKS) {
    const root = model.root(file.fileName, a.fileNames);
    if (!root) continue;
    const relative = path.relative(root, file.fileName).split(path.sep).join('/');
    for (const entry of model.entries) {
      if (!entry.files.test(relative)) continue;
      for (const call of entry.calls) invoke(a, file, exportsOf(a, file), call, module, model);
    }
  }
}

function invoke(a: Analysis, at: ts.Node, exports: ValueSet, call: EntryCall, module: string, model: FrameworkModel): void {
  const holder = call.path.length > 0 ? readPath(a, exports, call.path.slice(0, -1), at) : undefined;
  const targets = readPath(a, exports, call.path, at);
  const args: Args = { values: call.with.map((name) => ValueSet.of(frameworkValue(module, model, name))), nodes: [] };
  const results = new ValueSet();
  for (const target of targets) {
    if (target.kind === 'function') {
      a.called.add(target.node);
      bindParameters(a, target.node, args);
      if (holder && !ts.isArrowFunction(target.node)) a.write(a.thisOf(target.node), holder);
      results.addAll(a.returnsOf(target.node));
    } else if (target.kind === 'class') {
      a.called.add(target.node);
      const instance = construct(a, target.node, args);
      results.addAll(instance);
      // The framework hands the instance to code it routes requests to (a service's methods are called
      // from controllers, with what a request carries): its methods' arguments are unknown too.
      a.escape(instance, 'call', at, `${module} calls it`);
    }
  }
  if (call.then) invoke(a, at, results, call.then, module, model);
}

/** What a framework gets by loading a file: `module.exports`, or an ES module's default export. */
function exportsOf(a: Analysis, file: ts.SourceFile): ValueSet {
  if (!isEsModule(file)) return a.moduleValueOf(file);
  // `export default …`, or named exports (`export const wechat = …`) read as one object.
  const values = readModuleExport(a, file, 'default', file);
  if (exportNames(file).some((name) => name !== 'default')) values.add({ kind: 'object', object: a.moduleObjectOf(file) });
  return values;
}

/** One of the values a framework hands over (`app`, `ctx`), as an API value of its module. */
function frameworkValue(module: string, model: FrameworkModel, name: string): Value {
  return { kind: 'api', module, path: [`<${name}>`], model: model.values[name] };
}

/** What a `provides` member stands for where `at` reads it: egg's `app.config`, merged from config files. */
export function provided(a: Analysis, name: string, at: ts.Node): ValueSet {
  const result = new ValueSet();
  for (const { module, model } of FRAMEWORKS) {
    const files = own(model.provided, name);
    const root = files && model.root(at.getSourceFile().fileName, a.fileNames);
    if (!files || !root) continue;
    for (const file of files(root, a.fileNames)) {
      const source = a.fileAt([file]);
      if (!source) continue;
      for (const value of exportsOf(a, source)) {
        // `module.exports = appInfo => ({ … })`: what egg gets by calling it.
        if (value.kind === 'function') {
          bindParameters(a, value.node, { values: [ValueSet.of(frameworkValue(module, model, 'appInfo'))], nodes: [] });
          result.addAll(a.returnsOf(value.node));
        } else {
          result.add(value);
        }
      }
    }
  }
  return result;
}

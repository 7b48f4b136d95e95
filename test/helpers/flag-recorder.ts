// A preload for a spawned command line that records, in order, each V8 flag it sets and the moment
// TypeScript's compiler is first compiled (by require or from the code cache): the tier-up and
// young-generation tests check that the flags come before TypeScript.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface FlagRecorder {
  /** The file to pass to node's --require. */
  preload: string;
  /** What was recorded: flag strings, and 'typescript'. */
  lines(): string[];
}

export function flagRecorder(dir: string): FlagRecorder {
  const log = path.join(dir, 'log');
  const preload = path.join(dir, 'record.cjs');
  writeFileSync(
    preload,
    `const fs = require('node:fs'), v8 = require('node:v8'), vm = require('node:vm'), Module = require('node:module');
const log = (line) => fs.appendFileSync(${JSON.stringify(log)}, line + '\\n');
const setFlags = v8.setFlagsFromString;
v8.setFlagsFromString = (flags) => { log(flags); setFlags(flags); };
const compile = Module.prototype._compile;
Module.prototype._compile = function (content, filename) { if (filename.endsWith('typescript.js')) log('typescript'); return compile.call(this, content, filename); };
const Script = vm.Script;
vm.Script = function (code, options) { if (options && String(options.filename).endsWith('typescript.js')) log('typescript'); return new Script(code, options); };
`,
  );
  return { preload, lines: () => readFileSync(log, 'utf8').trim().split('\n') };
}

// .env files, read by dotenv's own parser. dotenv returns values, not places: each line that looks like
// it sets a variable we report gets its name replaced by a probe of its own (…_PROBE_<line>), and the
// file is parsed once more. A probe comes back only when dotenv reads that line as a definition (not a
// line inside a multi-line quoted value, not a comment), with the value dotenv gives the line. Like
// dotenv, the last definition of a name wins; only that one is reported.
import { parse } from 'dotenv';
import { mayHoldDeploymentSetting } from '../files.ts';
import type { DeploymentKind, Found } from '../types.ts';

const PROBE = 'WECHAT_UNPIN_PROBE_';
/** A line that may define a variable: dotenv's own shape (optional `export`, `=` or `: `). */
const DEFINITION = /^([ \t]*(?:export[ \t]+)?)([\w.-]+)([ \t]*=|:[ \t])/;

export const dotenv: DeploymentKind = {
  meta: { id: 'dotenv', description: 'dotenv files (.env, .env.production, app.env): NAME=value lines, `export` and quotes as dotenv reads them' },
  find(text) {
    const candidates: { name: string; start: number; end: number }[] = [];
    let probed = '';
    let offset = 0;
    for (const line of text.split('\n')) {
      const match = DEFINITION.exec(line);
      if (match && mayHoldDeploymentSetting(match[2]!)) {
        const start = offset + match[1]!.length;
        // The span ends with the value: the line without its comment and trailing blanks.
        const end = offset + line.replace(/\r$/, '').replace(/[ \t]+#.*$/, '').trimEnd().length;
        probed += match[1]! + PROBE + candidates.length + line.slice(match[1]!.length + match[2]!.length) + '\n';
        candidates.push({ name: match[2]!, start, end: Math.max(end, start + match[2]!.length) });
      } else probed += line + '\n';
      offset += line.length + 1;
    }
    const values = parse(probed);
    const last = new Map<string, Found>();
    candidates.forEach((candidate, index) => {
      const value = values[PROBE + index];
      if (value !== undefined) last.set(candidate.name, { type: 'env', variable: candidate.name, value, start: candidate.start, end: candidate.end });
    });
    return [...last.values()];
  },
};

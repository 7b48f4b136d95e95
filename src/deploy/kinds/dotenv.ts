// .env files, read by dotenv's own parser. dotenv returns values, not places: each line that looks like
// it sets a variable we report is confirmed by parsing the file again with that line's name replaced by
// a probe. The probe comes back only when dotenv reads that line as a definition (not a line inside a
// multi-line quoted value, not a comment), and its value is what dotenv gives the line. Like dotenv,
// the last definition of a name wins; only that one is reported.
import { parse } from 'dotenv';
import { mayHoldDeploymentSetting } from '../files.ts';
import type { DeploymentKind, Found } from '../types.ts';

const PROBE = 'WECHAT_UNPIN_PROBE_9F3A';
/** A line that may define a variable: dotenv's own shape (optional `export`, `=` or `: `). */
const DEFINITION = /^([ \t]*(?:export[ \t]+)?)([\w.-]+)([ \t]*=|:[ \t])/;

export const dotenv: DeploymentKind = {
  meta: { id: 'dotenv', description: 'dotenv files (.env, .env.production, app.env): NAME=value lines, `export` and quotes as dotenv reads them' },
  find(text) {
    const last = new Map<string, Found>();
    let offset = 0;
    for (const line of text.split('\n')) {
      const match = DEFINITION.exec(line);
      if (match && mayHoldDeploymentSetting(match[2]!)) {
        const nameStart = offset + match[1]!.length;
        const probed = text.slice(0, nameStart) + PROBE + text.slice(nameStart + match[2]!.length);
        const value = parse(probed)[PROBE];
        if (value !== undefined) {
          const end = offset + line.replace(/\r$/, '').replace(/[ \t]+#.*$/, '').trimEnd().length;
          last.set(match[2]!, { type: 'env', variable: match[2]!, value, start: nameStart, end: Math.max(end, nameStart + match[2]!.length) });
        }
      }
      offset += line.length + 1;
    }
    return [...last.values()];
  },
};

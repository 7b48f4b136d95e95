// package.json `scripts`: each script is a shell command npm runs (sh, or cmd.exe on Windows).
import { decodeJsonString } from '../positions.ts';
import { shellSettings } from '../shell.ts';
import { ts } from '../../scan/typescript.ts';
import type { DeploymentKind, Found } from '../types.ts';
import { parseJson, propertyName, propertyValue } from './json.ts';

export const packageJson: DeploymentKind = {
  meta: { id: 'package.json', description: 'package.json scripts: NAME=0 prefixes, export, env, cross-env, set (cmd.exe), node options' },
  find(text, file) {
    const { source, root } = parseJson(file, text);
    const scripts = propertyValue(root, 'scripts');
    if (!scripts || !ts.isObjectLiteralExpression(scripts)) return [];
    const found: Found[] = [];
    for (const property of scripts.properties) {
      if (!ts.isPropertyAssignment(property) || propertyName(property.name) === undefined) continue;
      if (!ts.isStringLiteral(property.initializer)) continue;
      const script = decodeJsonString(text, property.initializer.getStart(source));
      for (const item of shellSettings(script.text)) found.push({ ...item, ...script.range(item.start, item.end) });
    }
    return found;
  },
};

// The tool's name and version, read from package.json beside src/ (under tsx) or beside dist/ (built).
import { readFileSync } from 'node:fs';

interface PackageInfo {
  name: string;
  version: string;
}

export function packageInfo(): PackageInfo {
  for (const relative of ['../package.json', '../../package.json']) {
    try {
      const json = JSON.parse(readFileSync(new URL(relative, import.meta.url), 'utf8')) as PackageInfo;
      if (json.name === 'wechat-unpin') return json;
    } catch {
      // not at this level; try the next
    }
  }
  return { name: 'wechat-unpin', version: '0.0.0' };
}

// `wechat-unpin/eslint`: the flat-config plugin. `configs.recommended` turns both rules on as errors,
// as `wechat-unpin scan` fails on any unsuppressed finding:
//
//   import wechatUnpin from 'wechat-unpin/eslint';
//   export default [wechatUnpin.configs.recommended];
import type { ESLint, Linter } from 'eslint';
import { packageInfo } from '../version.ts';
import { noInsecureTls, noPinnedCa } from './rules.ts';

const rules = { 'no-pinned-ca': noPinnedCa, 'no-insecure-tls': noInsecureTls };

const plugin = {
  meta: { name: 'wechat-unpin', version: packageInfo().version },
  rules,
  configs: {} as { recommended: Linter.Config },
} satisfies ESLint.Plugin;

plugin.configs.recommended = {
  name: 'wechat-unpin/recommended',
  plugins: { 'wechat-unpin': plugin },
  rules: { 'wechat-unpin/no-pinned-ca': 'error', 'wechat-unpin/no-insecure-tls': 'error' },
};

export default plugin;
export { rules };

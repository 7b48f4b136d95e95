// Host patterns and matching. Pure and dependency-free: the jscodeshift transform imports it too,
// and jscodeshift compiles it with Babel on the fly.

/** WeChat's API domains (../shared/WECHAT.md). A pattern covers the domain and every subdomain. */
export const DEFAULT_HOST_PATTERNS: readonly string[] = ['weixin.qq.com', 'wechatpay.cn'];

/**
 * Words that say "WeChat" in a package's description or in code that assembles a host from parts
 * (`['api', 'weixin', 'qq', 'com'].join('.')`): a hint to look closer, never a host.
 */
export const WECHAT_WORDS = /wechat|weixin|wxpay|wx-pay|tenpay|wecom|qyapi|微信/i;

export interface HostMatcher {
  readonly patterns: readonly string[];
  isWeChat(host: string): boolean;
}

/** Lower-cases a pattern and strips what users paste along with it: a scheme, a `*.`, a path or a port. */
export function normalizePattern(pattern: string): string {
  return pattern
    .trim()
    .toLowerCase()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//, '')
    .replace(/^\*?\./, '')
    .replace(/[/:].*$/, '');
}

const HOST_PATTERN_SHAPE = /^[a-z0-9-]+(\.[a-z0-9-]+)*$/;

export function isValidPattern(pattern: string): boolean {
  return HOST_PATTERN_SHAPE.test(normalizePattern(pattern));
}

export function createHostMatcher(extra: readonly string[] = [], useDefaults = true): HostMatcher {
  const patterns = [...(useDefaults ? DEFAULT_HOST_PATTERNS : []), ...extra.map(normalizePattern)];
  return {
    patterns,
    isWeChat(host: string): boolean {
      const name = host.toLowerCase().replace(/\.$/, '');
      return patterns.some((pattern) => name === pattern || name.endsWith(`.${pattern}`));
    },
  };
}

/**
 * The host a URL-ish string names, or undefined when the string holds no complete host.
 * Accepts `https://host/...`, `//host`, `host:443`, and a bare `api.weixin.qq.com`. A prefix that
 * stops inside the host (`https://api.` from a template head) is incomplete: `complete` says so.
 */
export function hostOf(text: string, complete = true): string | undefined {
  const trimmed = text.trim();
  const withScheme = /^(?:[a-z][a-z0-9+.-]*:)?\/\/([^/?#]*)([/?#].*)?$/i.exec(trimmed);
  if (withScheme) {
    const authority = withScheme[1] ?? '';
    const hostEnded = withScheme[2] !== undefined;
    if (!complete && !hostEnded) return undefined;
    return stripPortAndUser(authority);
  }
  if (!complete) return undefined;
  if (/^[a-z0-9-]+(\.[a-z0-9-]+)+(:\d+)?$/i.test(trimmed)) return stripPortAndUser(trimmed);
  return undefined;
}

function stripPortAndUser(authority: string): string | undefined {
  const host = authority.replace(/^.*@/, '').replace(/:\d*$/, '').toLowerCase();
  return host.length > 0 && /^[a-z0-9.-]+$/.test(host) ? host : undefined;
}

/** True when a string is only a path or query: it needs a base URL to name a host. */
export function isRelativeUrl(text: string): boolean {
  return /^[/?#.]/.test(text.trim()) && !text.trim().startsWith('//');
}

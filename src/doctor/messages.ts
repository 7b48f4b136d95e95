// Every sentence doctor prints, in one place; the checks themselves are data (types.ts).

import type { CertificateSkip } from '../certificate-file.ts';
import type { DoctorCheck, StoreName } from './types.ts';

const STORE_NAMES: Record<StoreName, string> = {
  bundled: "Node's bundled root store (tls.rootCertificates)",
  system: "the system's root store (tls.getCACertificates('system'))",
  default: "the store TLS connections use (tls.getCACertificates('default'))",
  extra: 'NODE_EXTRA_CA_CERTS',
};

const ADD_ROOT =
  'Trust DigiCert Global Root G2 the system way: update Node or the OS CA bundle (Ubuntu: ' +
  '/usr/local/share/ca-certificates + update-ca-certificates; CentOS: update-ca-trust), or point ' +
  'NODE_EXTRA_CA_CERTS at it. Never pin it with `ca:`.';
const UNPIN = 'Remove the `ca` pin (wechat-unpin fix) so the default store decides.';

const SKIPPED: Record<CertificateSkip, string> = {
  outside: 'a link that leads out of the folders searched; name its target to check it',
  'not-a-file': 'not a regular file',
  'too-large': 'over 1 MiB, larger than any certificate bundle',
  unreadable: 'cannot be read',
};

/** What a TLS error code from the live check means, and what to do about it. */
export function tlsErrorAdvice(code: string): { meaning: string; fix: string } {
  switch (code) {
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
    case 'UNABLE_TO_GET_ISSUER_CERT':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
      return { meaning: "no root in this Node's store issued WeChat's chain", fix: ADD_ROOT };
    case 'SELF_SIGNED_CERT_IN_CHAIN':
      return { meaning: 'the chain ends in a root this Node does not trust (often a proxy that inspects TLS)', fix: ADD_ROOT };
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
      return { meaning: 'the server sent a self-signed certificate: something other than WeChat answered', fix: 'Check proxies and DNS for api.weixin.qq.com.' };
    case 'CERT_HAS_EXPIRED':
      return { meaning: 'a certificate in the chain has expired, or this machine\'s clock is wrong', fix: 'Check the system clock; then the trust store.' };
    case 'CERT_NOT_YET_VALID':
      return { meaning: "a certificate is not valid yet: this machine's clock is probably behind", fix: 'Fix the system clock.' };
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return { meaning: 'the certificate does not name this host: something other than WeChat answered', fix: 'Check proxies, DNS and the hosts file.' };
    case 'CERT_UNTRUSTED':
    case 'CERT_REVOKED':
      return { meaning: 'the chain is not trusted for TLS by this store', fix: ADD_ROOT };
    default:
      return { meaning: 'the TLS connection failed', fix: 'Run `curl -v <url>` to see the handshake.' };
  }
}

export function checkMessage(check: DoctorCheck): string {
  switch (check.code) {
    case 'ca-flag':
      return check.flag === '--use-openssl-ca'
        ? '--use-openssl-ca: connections use OpenSSL\'s store (the system\'s), not Node\'s bundled roots'
        : check.flag === '--use-system-ca'
          ? '--use-system-ca: connections use the system\'s roots as well as Node\'s bundled ones'
          : '--use-bundled-ca: connections use Node\'s bundled roots';
    case 'store-root':
      return `${STORE_NAMES[check.store]} ${check.present ? 'holds' : 'does not hold'} ${check.root}`;
    case 'root-trusted':
      return `${check.root} is trusted (via ${check.stores.map((store) => STORE_NAMES[store]).join(' and ')}): unpinned clients verify WeChat's current chain`;
    case 'root-untrusted':
      return `${check.root} is not trusted: WeChat's current chain will not verify once pins are removed. ${ADD_ROOT}`;
    case 'root-unknown':
      return `${check.flag} is on and this Node cannot list OpenSSL's store: whether ${check.root} is trusted is unknown; run doctor --online`;
    case 'system-store-unavailable':
      return `this Node (${check.nodeVersion}) cannot list the system store (tls.getCACertificates needs Node 22.15+ or 23.10+)`;
    case 'certificate-file': {
      const c = check.certificate;
      const what = check.ca ? 'CA certificate' : 'certificate (not a CA: client or platform certificate; leave it)';
      const bundle = check.count > 1 ? `, first of ${check.count}` : '';
      const state = c.abandonedRoot
        ? `: ${c.abandonedRoot}, a root WeChat has left. ${UNPIN}`
        : check.ca
          ? ': a pin on it replaces the default store; run wechat-unpin scan'
          : '';
      return `${c.file}: ${what}${bundle} "${c.subject}", ${c.expired ? 'EXPIRED' : 'expires'} ${c.notAfter}${state}`;
    }
    case 'not-a-certificate':
      return `${check.file}: no certificate (a private key or another file)`;
    case 'certificate-file-skipped':
      return `${check.file}: not read (${SKIPPED[check.reason]})`;
    case 'no-certificate-files':
      return `no certificate files (*.pem, *.crt, *.cer, *.der) under ${check.paths.join(', ')}`;
    case 'extra-ca-certs':
      return `NODE_EXTRA_CA_CERTS=${check.file}: adds ${check.certificates} certificate(s) to the default store (not a pin)${check.hasRoot ? ', including DigiCert Global Root G2' : ''}; a \`ca\` option still replaces it all`;
    case 'extra-ca-certs-unreadable':
      return `NODE_EXTRA_CA_CERTS=${check.file} cannot be read (${check.error}): Node ignores it`;
    case 'reject-unauthorized-off':
      return 'NODE_TLS_REJECT_UNAUTHORIZED=0: certificate checks are off for every TLS connection of this process. Unset it once pins are removed.';
    case 'reject-unauthorized-on':
      return `NODE_TLS_REJECT_UNAUTHORIZED=${check.value}: checks stay on (only "0" turns them off)`;
    case 'online-passed':
      return check.testPassed
        ? `${check.url}: Certificate test passed!`
        : `${check.url}: TLS verified with the default store (HTTP ${check.status})`;
    case 'online-tls-error': {
      const advice = tlsErrorAdvice(check.errorCode);
      return `${check.url}: ${check.errorCode}: ${advice.meaning}. ${advice.fix}`;
    }
    case 'online-unreachable':
      return `${check.url}: unreachable (${check.errorCode})`;
  }
}

/** The single line for a machine that reached none of the targets. */
export function offlineMessage(targets: readonly string[], codes: readonly string[]): string {
  const hosts = targets.map((url) => URL.canParse(url) ? new URL(url).host : url);
  return `offline: could not reach ${hosts.join(' or ')} (${[...new Set(codes)].join(', ')}); the online check needs internet access`;
}

export const SECTION_TITLES = {
  'trust-store': 'Trust store',
  files: 'Certificate files',
  environment: 'Environment',
  online: 'Online check',
} as const;

export const ENVIRONMENT_UNSET = 'NODE_EXTRA_CA_CERTS and NODE_TLS_REJECT_UNAUTHORIZED are not set';
export const ONLINE_HINT = 'not run: add --online for the live check WeChat asks for (GET https://api2.weixin.qq.com/testcert)';

export function summaryMessage(problems: number, warnings: number, offline: boolean): string {
  const counts = `${problems} problem${problems === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`;
  if (offline) return `${counts}; the online check could not run (offline).`;
  if (problems > 0) return `${counts}. Next: mend the lines marked ✗; \`wechat-unpin fix\` removes the pins.`;
  return `${counts}. Nothing stands between unpinned code and WeChat's current chain.`;
}

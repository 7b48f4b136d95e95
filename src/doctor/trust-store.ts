// Does the trust store this Node's TLS connections use hold the root WeChat's current chains end in?
// Once a pin is removed, that store alone decides whether api.weixin.qq.com verifies.

import { X509Certificate } from 'node:crypto';
import tls from 'node:tls';
import { CURRENT_WECHAT_ROOT, isRoot } from '../certificate.ts';
import type { CaFlag, DoctorCheck, StoreName } from './types.ts';

/** tls.getCACertificates(type): Node 22.15+ / 23.10+. Absent from Node 20 and its type definitions. */
export type StoreLister = (type: 'default' | 'system' | 'bundled') => readonly string[];

function isStoreLister(candidate: unknown): candidate is StoreLister {
  return typeof candidate === 'function';
}

/** This Node's tls.getCACertificates, when it has one. */
export function nodeStoreLister(): StoreLister | undefined {
  const candidate: unknown = Reflect.get(tls, 'getCACertificates');
  return isStoreLister(candidate) ? candidate.bind(tls) : undefined;
}

function holdsRoot(pems: readonly string[]): boolean {
  return pems.some((pem) => {
    try {
      return isRoot(new X509Certificate(pem), CURRENT_WECHAT_ROOT);
    } catch {
      return false;
    }
  });
}

export interface TrustStoreInput {
  caFlags: readonly CaFlag[];
  /** Whether NODE_EXTRA_CA_CERTS (as read by environment.ts) holds the root. */
  extraHasRoot: boolean;
  nodeVersion: string;
  /** The store lister; injected by tests to play a newer Node. */
  lister: StoreLister | undefined;
  /** tls.rootCertificates; injected by tests to play a Node without the root. */
  bundled: readonly string[];
}

export function checkTrustStore(input: TrustStoreInput): DoctorCheck[] {
  const root = CURRENT_WECHAT_ROOT.name;
  const checks: DoctorCheck[] = input.caFlags.map((flag) => ({ code: 'ca-flag', level: 'info', flag }));
  const present = (store: StoreName, pems: readonly string[]): boolean => {
    const has = holdsRoot(pems);
    checks.push({ code: 'store-root', level: 'info', store, root, present: has });
    return has;
  };

  const bundledHas = present('bundled', input.bundled);
  if (input.lister) {
    present('system', input.lister('system'));
    // 'default' already folds in the flags and NODE_EXTRA_CA_CERTS: it is the store connections use.
    const defaultHas = present('default', input.lister('default'));
    checks.push(defaultHas ? { code: 'root-trusted', level: 'ok', root, stores: ['default'] } : { code: 'root-untrusted', level: 'problem', root });
    return checks;
  }

  const openssl = input.caFlags.includes('--use-openssl-ca');
  checks.push({ code: 'system-store-unavailable', level: openssl ? 'warning' : 'info', nodeVersion: input.nodeVersion });
  // Without a lister: the bundled store is in use unless --use-openssl-ca swaps it for OpenSSL's.
  const stores: StoreName[] = [];
  if (bundledHas && !openssl) stores.push('bundled');
  if (input.extraHasRoot) stores.push('extra');
  if (stores.length > 0) checks.push({ code: 'root-trusted', level: 'ok', root, stores });
  else if (openssl) checks.push({ code: 'root-unknown', level: 'warning', root, flag: '--use-openssl-ca' });
  else checks.push({ code: 'root-untrusted', level: 'problem', root });
  return checks;
}

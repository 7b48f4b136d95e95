// Which settings matter, and what they do. Node reads NODE_TLS_REJECT_UNAUTHORIZED once and turns
// certificate checks off only when it is exactly '0' (Node 20, tested against a self-signed server:
// 'false', 'FALSE', 'no', '1' and '' all keep verification).
import { NODE_TRUST_OPTIONS } from './shell.ts';
import type { Found, TrustStoreNote, TrustStoreOption } from './types.ts';

export const DISABLING_VARIABLE = 'NODE_TLS_REJECT_UNAUTHORIZED';
const DISABLING_VALUE = '0';

export type Verdict =
  | { type: 'setting'; value: string }
  | { type: 'note'; option: TrustStoreOption; via: TrustStoreNote['via']; value: string };

/** What one found assignment or option means: a setting (finding), notes, or nothing. */
export function classify(found: Found): Verdict[] {
  if (found.type === 'option') return [{ type: 'note', option: found.option as TrustStoreOption, via: 'command line', value: found.option }];
  const { variable, value } = found;
  if (value === undefined) return [];
  if (variable === DISABLING_VARIABLE) return value === DISABLING_VALUE ? [{ type: 'setting', value }] : [];
  if (variable === 'NODE_OPTIONS') {
    return value
      .split(/\s+/)
      .filter((option) => NODE_TRUST_OPTIONS.includes(option))
      .map((option) => ({ type: 'note', option: option as TrustStoreOption, via: 'NODE_OPTIONS', value }));
  }
  if (variable === 'NODE_EXTRA_CA_CERTS' && value !== '') return [{ type: 'note', option: 'NODE_EXTRA_CA_CERTS', via: 'NODE_EXTRA_CA_CERTS', value }];
  return [];
}

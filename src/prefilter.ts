// The cheap gate, run on every file's text before anything is parsed. A file that fails it cannot hold
// a finding, so most of a large tree never reaches ts-morph. False positives only cost time.

/** Text that can start a finding: a `ca` option or setter, got's name for it, or a disabled check (request calls it strictSSL). */
const TLS_OPTION_TEXT =
  /\bca\b\s*[:=(,}]|\bca\s*$|["']ca["']|certificateAuthority|rejectUnauthorized|strictSSL|NODE_TLS_REJECT_UNAUTHORIZED|checkServerIdentity/m;

export function mayHoldFinding(text: string): boolean {
  return TLS_OPTION_TEXT.test(text);
}

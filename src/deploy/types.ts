// What the deployment-settings reader hands the pipeline, and the contract between it and the one
// module per file kind (kinds/*.ts). A kind module reads text and reports offsets; index.ts turns them
// into positions and decides which are settings (findings) and which are trust-store notes.
import type { FileError } from '../types.ts';

/** The kinds of file that can set the environment of a Node process the project starts. */
export type DeploymentSource = 'package.json' | 'dotenv' | 'dockerfile' | 'compose' | 'pm2' | 'kubernetes';

/** A 1-based range in a file (absolute path, as given). */
export interface Span {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/**
 * NODE_TLS_REJECT_UNAUTHORIZED set to '0': every TLS connection the process makes skips certificate
 * checks. An insecure-tls finding (reported, never rewritten). The span runs from the variable's name
 * to the end of its value.
 */
export interface DeploymentSetting extends Span {
  variable: 'NODE_TLS_REJECT_UNAUTHORIZED';
  /** The value the process sees, after quotes and variable defaults: always '0' (only '0' turns checks off). */
  value: string;
  source: DeploymentSource;
}

/** Options that choose or extend the trust store a removed pin falls back to. */
export type TrustStoreOption = '--use-openssl-ca' | '--use-system-ca' | 'NODE_EXTRA_CA_CERTS';

/**
 * Not a finding: the process trusts OpenSSL's or the system's store (--use-openssl-ca, --use-system-ca)
 * or adds CAs (NODE_EXTRA_CA_CERTS). Worth knowing before unpinning: that store, not Node's bundled one,
 * must hold the root WeChat's chain ends in.
 */
export interface TrustStoreNote extends Span {
  option: TrustStoreOption;
  /** Where it is given: the variable (NODE_OPTIONS, NODE_EXTRA_CA_CERTS) or 'command line' (`node --use-openssl-ca`). */
  via: 'NODE_OPTIONS' | 'NODE_EXTRA_CA_CERTS' | 'command line';
  /** The variable's whole value, or the option itself on a command line. */
  value: string;
  source: DeploymentSource;
}

export interface DeploymentScan {
  settings: DeploymentSetting[];
  notes: TrustStoreNote[];
  /** Files that named a TLS variable but did not parse; their settings are unknown. */
  errors: FileError[];
}

/** What a kind module finds, as offsets into the text it was given (end exclusive). */
export type Found =
  /** An environment variable set for a process; value undefined when it cannot be known from the file. */
  | { type: 'env'; variable: string; value: string | undefined; start: number; end: number }
  /** An option on a command line (`node --use-openssl-ca app.js`). */
  | { type: 'option'; option: string; start: number; end: number };

export interface DeploymentKind {
  meta: { id: DeploymentSource; description: string };
  /** Throws ParseError when the text does not parse as this kind of file. `file` is for its extension and messages. */
  find(text: string, file: string): Found[];
}

/** The file is not valid in its format; `offset` is where the parser stopped, when it says. */
export class ParseError extends Error {
  override readonly name = 'ParseError';
  constructor(
    message: string,
    readonly offset?: number,
  ) {
    super(message);
  }
}

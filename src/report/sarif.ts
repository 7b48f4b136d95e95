// RunResult → SARIF 2.1.0, shaped for GitHub code scanning (upload-sarif / the code-scanning API).
//
// Choices a reader of the output should know about:
// - `level` follows the rule (error for insecure-tls, warning for pinned-ca) whatever the status. A
//   needs-review finding is not less serious than a fixable one: the tool could not prove a rewrite safe,
//   which is a fact about the fix, not about the risk. The status travels in `properties`.
// - Findings with status `fixed` (a real `fix` run, not --dry-run) are left out of `results`: their text is
//   gone from disk, so a location and line hash would point at code that no longer exists, and GitHub
//   should close those alerts on the next analysis. Their count is in `run.properties`.
// - A fixable finding's `fixes` hold every hunk of its file's change, not only the hunk at the finding.
//   The fix pipeline removes bindings and imports that served the pin (DESIGN.md, "What a fix removes"),
//   and applying only part of a file's change could delete a declaration that kept pin code compiling.
// - Suppressed findings are left out by default: GitHub code scanning does not honour SARIF
//   `suppressions` and would show them as open alerts. Their count is in `run.properties`; library
//   callers can ask for them (`includeSuppressed`), with their in-source suppression.
// - `automationDetails.id` is the analysis category GitHub keys alerts by (everything up to the last
//   `/`): one per `--shard`, so each job of a sharded matrix uploads its own analysis and none
//   closes another's alerts.
// - Evidence and the pinned certificate are `relatedLocations`, linked from the message text with
//   `[note](id)`, which GitHub renders as links to those places.
import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { diffLines } from 'diff';
import type * as Sarif from 'sarif';
import { lineOf, lineStarts, lineText } from '../line-starts.ts';
import type { FileChange, Finding, FindingKind, ReportContext, RunResult } from '../types.ts';
import { wouldFix } from './changes.ts';

const SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
const SRCROOT = '%SRCROOT%';
/** Key in `result.fingerprints`; the version suffix lets the id scheme change without clashing. */
const FINDING_ID_FINGERPRINT = 'wechatUnpinFindingId/v1';

interface RuleMeta {
  name: string;
  short: string;
  full: string;
  helpText: string;
  helpMarkdown: string;
  level: Sarif.ReportingConfiguration.level;
  /** GitHub maps this CVSS-like score to critical/high/medium/low in code scanning. */
  securitySeverity: string;
  tags: string[];
}

const RULES: Record<FindingKind, RuleMeta> = {
  'pinned-ca': {
    name: 'PinnedCaForWeChatHost',
    short: 'A CA is pinned for a WeChat host',
    full:
      'A `ca` option aimed at a WeChat host replaces Node\'s trust store with the pinned root. WeChat has ' +
      'rotated its certificate chains (2018, 2024) and the old roots have expired or lost trust, so the ' +
      'pin turns into an outage with errors such as UNABLE_TO_GET_ISSUER_CERT_LOCALLY.',
    helpText:
      'Remove the ca option (and the code that only loads the pinned certificate) so Node\'s default ' +
      'trust store verifies WeChat\'s chain, as WeChat\'s notices ask. If the environment needs an extra ' +
      'root, add it with NODE_EXTRA_CA_CERTS or the system store (update-ca-certificates); both add to the ' +
      'store instead of replacing it. `wechat-unpin fix` removes the pin where that is provably safe. ' +
      'Check with: curl -v "https://api2.weixin.qq.com/testcert"',
    helpMarkdown: [
      'A `ca` option **replaces** Node\'s default trust store. WeChat has moved its chains to new roots',
      '(2018: GeoTrust RSA CA 2018; 2024: DigiCert Global Root G2), and the roots people pinned have',
      'expired (Baltimore CyberTrust Root) or lost trust (DigiCert Global Root CA), so the pin breaks the',
      'connection.',
      '',
      '**Fix:** remove the `ca` option and the code that only loads the pinned certificate, so Node\'s trust',
      'store decides. WeChat\'s notices say the same: do not specify certificates in business code.',
      '`wechat-unpin fix` does this where it is provably safe.',
      '',
      'If the host needs an extra root (a corporate proxy, say), add it with `NODE_EXTRA_CA_CERTS` or to the',
      'system store (`update-ca-certificates` on Debian/Ubuntu, `update-ca-trust` on RHEL): both add to the',
      'store instead of replacing it.',
      '',
      'Check: `curl -v "https://api2.weixin.qq.com/testcert"` answers "Certificate test passed!".',
    ].join('\n'),
    level: 'warning',
    // Lower than insecure-tls: a pinned root still verifies every certificate, so it does not let an
    // attacker in. Its cost is availability (the client fails when WeChat rotates its chain) and the
    // pressure it creates to "fix" the outage by turning verification off. 5.0 shows as medium.
    securitySeverity: '5.0',
    tags: ['security', 'reliability', 'tls', 'wechat'],
  },
  'insecure-tls': {
    name: 'DisabledCertificateValidationForWeChatHost',
    short: 'Certificate validation is turned off for a WeChat host',
    full:
      'rejectUnauthorized: false, NODE_TLS_REJECT_UNAUTHORIZED=0 or a checkServerIdentity that accepts ' +
      'everything lets anyone on the network impersonate WeChat and read or alter API traffic, access ' +
      'tokens and payment requests included.',
    helpText:
      'Turn certificate validation back on: remove rejectUnauthorized: false, the ' +
      'NODE_TLS_REJECT_UNAUTHORIZED assignment or the permissive checkServerIdentity, and remove any pinned ' +
      'ca so Node\'s default trust store verifies WeChat\'s chain. `wechat-unpin fix --fix-insecure` removes ' +
      'these options when they are aimed at WeChat hosts only. Check with: ' +
      'curl -v "https://api2.weixin.qq.com/testcert"',
    helpMarkdown: [
      '`rejectUnauthorized: false`, `process.env.NODE_TLS_REJECT_UNAUTHORIZED = \'0\'` and',
      '`checkServerIdentity: () => undefined` turn certificate verification off: anyone on the network path',
      'can impersonate WeChat and read or change API calls, access tokens and payment requests.',
      '',
      '**Fix:** remove the option (and any pinned `ca`), so Node verifies WeChat\'s chain with its default',
      'trust store. `wechat-unpin fix --fix-insecure` does this when the option serves WeChat hosts only.',
      'If a proxy needs an extra root, add it with `NODE_EXTRA_CA_CERTS` rather than disabling checks.',
      '',
      'Check: `curl -v "https://api2.weixin.qq.com/testcert"` answers "Certificate test passed!".',
    ].join('\n'),
    level: 'error',
    // CodeQL rates disabled certificate validation 7.5 (js/disabling-certificate-validation).
    securitySeverity: '7.5',
    tags: ['security', 'tls', 'wechat', 'external/cwe/cwe-295'],
  },
};

// Rule ids are the finding kinds of the JSON report rather than opaque codes (sarif-multitool notes
// SARIF2009): one vocabulary across formats, and GitHub shows the id beside each alert.
const RULE_ORDER: FindingKind[] = ['pinned-ca', 'insecure-tls'];

export function formatSarif(result: RunResult, context: ReportContext): string {
  return JSON.stringify(buildSarifLog(result, context), null, 2) + '\n';
}

export interface SarifOptions {
  /** Keep suppressed findings, as results with `suppressions` (GitHub would show them as open alerts). */
  includeSuppressed?: boolean;
}

/** The SARIF log as an object, for callers (and tests) that want to inspect it. */
export function buildSarifLog(result: RunResult, context: ReportContext, options: SarifOptions = {}): Sarif.Log {
  const fixedOnDisk = (f: Finding): boolean => !result.dryRun && f.status === 'fixed';
  const reported = result.findings.filter((f) => !fixedOnDisk(f) && (options.includeSuppressed || f.status !== 'suppressed'));
  const hashCache = new Map<string, string[]>();
  const changes = new Map(result.changes.map((c) => [c.file, c] as const));
  const covered = wouldFix(result);

  const run: Sarif.Run = {
    tool: {
      driver: {
        name: context.toolName,
        version: context.toolVersion,
        semanticVersion: context.toolVersion,
        informationUri: `https://www.npmjs.com/package/${context.toolName}`,
        rules: RULE_ORDER.map(ruleDescriptor),
      },
    },
    // Finding columns come from JavaScript strings.
    automationDetails: { id: automationId(context.toolName, result.shard) },
    columnKind: 'utf16CodeUnits',
    originalUriBaseIds: { [SRCROOT]: { uri: directoryUri(context.cwd) } },
    invocations: [invocation(result)],
    results: reported.map((f) => sarifResult(f, result, changes, covered, hashCache)),
    properties: {
      command: result.command,
      dryRun: result.dryRun,
      fixedFindings: result.findings.filter(fixedOnDisk).length,
      suppressedFindings: result.findings.filter((f) => f.status === 'suppressed' && !reported.includes(f)).length,
    },
  };
  return { $schema: SCHEMA_URI, version: '2.1.0', runs: [run] };
}

/** `wechat-unpin/`, or `wechat-unpin/shard-2-of-4/`: a category with no run id after the last `/`. */
export function automationId(toolName: string, shard: RunResult['shard']): string {
  return shard ? `${toolName}/shard-${shard.index}-of-${shard.count}/` : `${toolName}/`;
}

function ruleDescriptor(kind: FindingKind): Sarif.ReportingDescriptor {
  const meta = RULES[kind];
  return {
    id: kind,
    name: meta.name,
    shortDescription: { text: meta.short },
    fullDescription: { text: meta.full },
    help: { text: meta.helpText, markdown: meta.helpMarkdown },
    defaultConfiguration: { level: meta.level },
    properties: {
      'security-severity': meta.securitySeverity,
      tags: meta.tags,
      precision: 'high',
      'problem.severity': meta.level,
    },
  };
}

function invocation(result: RunResult): Sarif.Invocation {
  // A file that does not parse is not a failed run (DESIGN.md: it does not change the exit code).
  const notifications: Sarif.Notification[] = result.errors.map((e) => ({
    level: 'error',
    message: { text: e.message },
    locations: [{ physicalLocation: { artifactLocation: artifact(e.file) } }],
  }));
  return notifications.length > 0
    ? { executionSuccessful: true, toolExecutionNotifications: notifications }
    : { executionSuccessful: true };
}

function sarifResult(
  finding: Finding,
  result: RunResult,
  changes: Map<string, FileChange>,
  covered: ReadonlySet<Finding>,
  hashCache: Map<string, string[]>,
): Sarif.Result {
  const out: Sarif.Result = {
    ruleId: finding.kind,
    ruleIndex: RULE_ORDER.indexOf(finding.kind),
    level: RULES[finding.kind].level,
    message: { text: messageText(finding) },
    locations: [
      {
        physicalLocation: {
          artifactLocation: artifact(finding.file),
          region: {
            startLine: finding.line,
            startColumn: finding.column,
            endLine: finding.endLine,
            endColumn: finding.endColumn,
          },
        },
      },
    ],
    fingerprints: { [FINDING_ID_FINGERPRINT]: finding.id },
    correlationGuid: guidFromId(finding.id),
    properties: {
      status: finding.status,
      reason: finding.reason,
      hosts: finding.hosts,
      client: finding.client,
      ...(finding.certificate ? { certificate: finding.certificate } : {}),
    },
  };

  const source = result.sources[finding.file];
  if (source !== undefined) {
    let hashes = hashCache.get(finding.file);
    if (!hashes) {
      hashes = lineHashes(source);
      hashCache.set(finding.file, hashes);
    }
    const hash = hashes[finding.line - 1];
    if (hash !== undefined) out.partialFingerprints = { primaryLocationLineHash: hash };
    addSnippets(out, finding, source);
  }

  const related = relatedLocations(finding);
  if (related.length > 0) out.relatedLocations = related;

  if (finding.status === 'suppressed') out.suppressions = [suppression(finding, source)];

  const change = changes.get(finding.file);
  // Only a finding the change removes: an insecure setting the fix leaves (no --fix-insecure) gets none.
  if (covered.has(finding) && change) {
    const fix = fileFix(change, [...covered]);
    if (fix) out.fixes = [fix];
  }
  return out;
}

/** The code itself, and two lines either side, so a reader of the log need not have the checkout. */
function addSnippets(out: Sarif.Result, finding: Finding, source: string): void {
  const physical = out.locations?.[0]?.physicalLocation;
  const region = physical?.region;
  if (!physical || !region) return;
  // Lines as the scanner counts them (line-starts.ts), which the region's lines are.
  const starts = lineStarts(source);
  // Clamped to the end of the line's text: a column past it means the end of the line.
  const offset = (line: number, column: number): number | undefined => {
    const start = starts[line - 1];
    if (start === undefined) return undefined;
    return Math.min(start + column - 1, start + lineText(source, line).length);
  };
  const from = offset(finding.line, finding.column);
  const to = offset(finding.endLine, finding.endColumn);
  if (from === undefined || to === undefined || to < from) return;
  region.snippet = { text: source.slice(from, to) };
  const first = Math.max(1, finding.line - 2);
  const last = Math.min(starts.length, finding.endLine + 2);
  physical.contextRegion = {
    startLine: first,
    endLine: last,
    snippet: { text: source.slice(starts[first - 1], starts[last] ?? source.length) },
  };
}

function artifact(file: string): Sarif.ArtifactLocation {
  return { uri: encodeRelativeUri(file), uriBaseId: SRCROOT };
}

/** Report paths are relative with `/`; percent-encode each segment so spaces and `#` stay a path. */
function encodeRelativeUri(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

function directoryUri(dir: string): string {
  const href = pathToFileURL(dir).href;
  return href.endsWith('/') ? href : `${href}/`;
}

/**
 * The finding's message, then its evidence as links to the related locations (`[note](id)`, ids as
 * relatedLocations() numbers them). Brackets of the text itself are escaped, as SARIF asks, so a
 * note cannot pose as a link.
 */
function messageText(finding: Finding): string {
  const links = relatedNotes(finding).map((note, index) => `[${escapeBrackets(note)}](${index + 1})`);
  const text = escapeBrackets(finding.message);
  if (links.length === 0) return text;
  return `${text}${/[.!?]$/.test(text) ? '' : '.'} Evidence: ${links.join('; ')}.`;
}

function escapeBrackets(text: string): string {
  return text.replace(/[[\]]/g, (bracket) => `\\${bracket}`);
}

/** The message of each related location, in order: the evidence, then the pinned certificate. */
function relatedNotes(finding: Finding): string[] {
  const notes = finding.evidence.map((e) => e.note);
  const cert = finding.certificate;
  if (cert) {
    const state = cert.expired ? 'expired' : 'expires';
    const abandoned = cert.abandonedRoot ? `; ${cert.abandonedRoot} is a root WeChat no longer uses` : '';
    notes.push(`Pinned certificate: ${cert.subject} (${state} ${cert.notAfter}${abandoned})`);
  }
  return notes;
}

function relatedLocations(finding: Finding): Sarif.Location[] {
  const notes = relatedNotes(finding);
  const locations: Sarif.Location[] = finding.evidence.map((e, i) => ({
    id: i + 1,
    physicalLocation: { artifactLocation: artifact(e.file), ...(e.line > 0 ? { region: { startLine: e.line } } : {}) },
    message: { text: notes[i]! },
  }));
  const cert = finding.certificate;
  if (cert) {
    locations.push({
      id: locations.length + 1,
      physicalLocation: { artifactLocation: artifact(cert.file) },
      message: { text: notes[locations.length]! },
    });
  }
  return locations;
}

const NEXT_LINE_MARKER = 'wechat-unpin-ignore-next-line';
const FILE_MARKER = 'wechat-unpin-ignore-file';

function suppression(finding: Finding, source: string | undefined): Sarif.Suppression {
  const out: Sarif.Suppression = { kind: 'inSource', status: 'accepted' };
  if (finding.suppression) {
    if (finding.suppression.justification) out.justification = finding.suppression.justification;
    const region = { startLine: finding.suppression.line, startColumn: finding.suppression.column };
    out.location = { physicalLocation: { artifactLocation: artifact(finding.file), region } };
    return out;
  }
  // A finding without its suppression's place (a RunResult built by hand): look where it would be.
  if (source === undefined) return out;
  // Lines as the scanner counts them (line-starts.ts).
  const lines = lineStarts(source).length;
  const found =
    finding.reason === 'suppressed-file'
      ? findComment(source, 1, lines, FILE_MARKER)
      : findComment(source, finding.line - 1, finding.line - 1, NEXT_LINE_MARKER);
  if (!found) return out;
  if (found.justification) out.justification = found.justification;
  out.location = {
    physicalLocation: { artifactLocation: artifact(finding.file), region: { startLine: found.line } },
  };
  return out;
}

/**
 * The justification of a suppression comment on `line`: `// MARKER -- reason` or `/* MARKER -- reason *\/`
 * gives `reason`; a marker without one gives ''. Undefined when the line holds no marker as a whole word.
 * Plain string steps, no regex: the line is user text and may be megabytes long (a minified bundle).
 */
export function suppressionComment(line: string, marker: string): string | undefined {
  for (let at = line.indexOf(marker); at !== -1; at = line.indexOf(marker, at + 1)) {
    if (/\w/.test(line[at + marker.length] ?? '')) continue; // a longer word that starts with the marker
    let rest = line.slice(at + marker.length).trim();
    if (rest.endsWith('*/')) rest = rest.slice(0, -2).trimEnd();
    return rest.startsWith('--') ? rest.slice(2).trim() : '';
  }
  return undefined;
}

function findComment(source: string, from: number, to: number, marker: string): { line: number; justification: string | undefined } | undefined {
  const lines = lineStarts(source).length;
  for (let line = Math.max(1, from); line <= Math.min(lines, to); line++) {
    const justification = suppressionComment(lineText(source, line), marker);
    if (justification !== undefined) return { line, justification: justification || undefined };
  }
  return undefined;
}

/** A deterministic RFC 4122 version-5-style GUID, so `correlationGuid` is stable across runs like the id. */
function guidFromId(id: string): string {
  const bytes = createHash('sha1').update(`wechat-unpin:${id}`).digest().subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// ---- fixes --------------------------------------------------------------------------------------

function fileFix(change: FileChange, findings: Finding[]): Sarif.Fix | undefined {
  const replacements = changeReplacements(change.before, change.after);
  if (replacements.length === 0) return undefined;
  const inFile = findings.filter((f) => f.file === change.file).length;
  const others = inFile - 1;
  const text =
    others > 0
      ? `Apply wechat-unpin's change to ${change.file}; it also fixes the file's ${others} other finding${others === 1 ? '' : 's'}.`
      : `Apply wechat-unpin's change to ${change.file}.`;
  return {
    description: { text },
    artifactChanges: [{ artifactLocation: artifact(change.file), replacements }],
  };
}

/**
 * One replacement per contiguous run of changed lines. Regions address the original text and never
 * overlap; whole lines are replaced, so a region ends at column 1 of the line after the last removed one
 * (CRLF or LF alike), or at the end of a last line that has no newline. Lines are counted as the scanner
 * counts them (line-starts.ts), like the findings' own regions: a lone CR or a U+2028 above the change
 * would otherwise make a consumer delete the wrong lines.
 */
export function changeReplacements(before: string, after: string): Sarif.Replacement[] {
  const out: Sarif.Replacement[] = [];
  const parts = diffLines(before, after);
  let offset = 0;
  let i = 0;
  while (i < parts.length) {
    const part = parts[i];
    if (part === undefined) break;
    if (!part.added && !part.removed) {
      offset += part.value.length;
      i++;
      continue;
    }
    let removed = '';
    let added = '';
    for (; i < parts.length; i++) {
      const p = parts[i];
      if (p === undefined || (!p.added && !p.removed)) break;
      if (p.removed) removed += p.value;
      else added += p.value;
    }
    // The BOM is not content to the readers of a region; keep it out of the inserted text at offset 0.
    if (offset === 0 && before.startsWith('\uFEFF') && added.startsWith('\uFEFF')) added = added.slice(1);
    const region: Sarif.Region = { ...position(before, offset, 'start'), ...position(before, offset + removed.length, 'end') };
    out.push(added === '' ? { deletedRegion: region } : { deletedRegion: region, insertedContent: { text: added } });
    offset += removed.length;
  }
  return out;
}

/** The 1-based line and column of an offset; a BOM at the start of the text is not a column. */
function position(text: string, offset: number, side: 'start' | 'end'): Sarif.Region {
  const line = lineOf(text, offset);
  const lineStart = lineStarts(text)[line - 1]!;
  const bom = line === 1 && offset > 0 && text.startsWith('\uFEFF') ? 1 : 0;
  const column = offset - lineStart - bom + 1;
  return side === 'start' ? { startLine: line, startColumn: column } : { endLine: line, endColumn: column };
}

// ---- primaryLocationLineHash --------------------------------------------------------------------
// GitHub's scheme (github/codeql-action, fingerprints.ts), reimplemented: for each line, a polynomial
// rolling hash (base 37, modulo 2^64) over the next 100 characters of the file starting at the line's
// first character, where spaces and tabs are skipped, CR and CRLF count as LF, and the end of the text
// is one U+FFFF followed by NULs. The hex value gets `:n`, n counting earlier lines with the same hash.
// Computing it here means the upload action keeps our value rather than re-reading the checkout.

const WINDOW = 100;
const BASE = 37n;
const BASE_TO_WINDOW = BigInt.asUintN(64, BASE ** BigInt(WINDOW));
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const END_OF_TEXT = 0xffff;

/** The hash of every line of `text`; index 0 is line 1 (one more line follows a final newline). */
export function lineHashes(text: string): string[] {
  const window: number[] = new Array<number>(WINDOW).fill(0);
  // The line number whose first character sits in each window slot; 0 where none does.
  const lineAtSlot: number[] = new Array<number>(WINDOW).fill(0);
  const seen = new Map<string, number>();
  const hashes: string[] = [];
  let hash = 0n;
  let slot = 0;
  let line = 0;
  let atLineStart = true;
  let afterCr = false;

  // A full window has passed since this slot's line began: its hash is the current one.
  const emit = (): void => {
    const hex = hash.toString(16);
    const count = (seen.get(hex) ?? 0) + 1;
    seen.set(hex, count);
    hashes[(lineAtSlot[slot] ?? 0) - 1] = `${hex}:${count}`;
    lineAtSlot[slot] = 0;
  };
  const push = (code: number): void => {
    const leaving = window[slot] ?? 0;
    window[slot] = code;
    hash = BigInt.asUintN(64, BASE * hash + BigInt(code) - BASE_TO_WINDOW * BigInt(leaving));
    slot = (slot + 1) % WINDOW;
  };
  const feed = (input: number): void => {
    if (input === SPACE || input === TAB || (afterCr && input === LF)) {
      afterCr = false;
      return;
    }
    afterCr = input === CR;
    const code = afterCr ? LF : input;
    if ((lineAtSlot[slot] ?? 0) !== 0) emit();
    if (atLineStart) {
      atLineStart = false;
      line++;
      lineAtSlot[slot] = line;
    }
    if (code === LF) atLineStart = true;
    push(code);
  };

  for (let i = 0; i < text.length; i++) feed(text.charCodeAt(i));
  feed(END_OF_TEXT);
  for (let i = 0; i < WINDOW; i++) {
    if ((lineAtSlot[slot] ?? 0) !== 0) emit();
    push(0);
  }
  return hashes;
}

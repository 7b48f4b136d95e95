// From a scan of the original to what the rewrites aim at: the string literals whose hosts feed the
// findings (the evidence note `host api.weixin.qq.com` at file:line marks them), and the files on the
// way from a host to a pin.
import { ts } from 'ts-morph';
import { deploymentKindOf } from '../../../src/deploy/files.ts';
import { createHostMatcher } from '../../../src/hosts.ts';
import { isCode, lineOf, parse, quote, walk } from './source.ts';
import type { ExampleFinding, FindingRef, HostLiteral, Project, RewriteContext } from './types.ts';

const HOST_NOTE = /^host (\S+)$/;

/** What the write generators write: a non-WeChat host, or (the control) another WeChat host. */
export type WriteMode = 'other' | 'control';

export const OTHER_HOST = 'staging.example.com';
export const CONTROL_HOST = 'api2.weixin.qq.com';

export function writtenHost(mode: WriteMode, literal: Pick<HostLiteral, 'host'>): string {
  if (mode === 'other') return OTHER_HOST;
  return literal.host === CONTROL_HOST ? 'api.weixin.qq.com' : CONTROL_HOST;
}

/** `hosts`: the case's extra host patterns (`--host`), which count as WeChat's. */
export function buildContext(project: Project, findings: readonly ExampleFinding[], mode: WriteMode, hosts: readonly string[] = []): RewriteContext {
  const matcher = createHostMatcher(hosts);
  const refs: FindingRef[] = findings.map((finding, index) => ({
    index,
    file: finding.file,
    line: finding.line,
    column: finding.column ?? 1,
    kind: finding.kind ?? 'pinned-ca',
    status: finding.status ?? 'fixable',
    hosts: finding.hosts ?? finding.evidence.flatMap((item) => HOST_NOTE.exec(item.note)?.[1] ?? []),
  }));
  const literals: HostLiteral[] = [];
  const add = (found: HostLiteral): void => {
    const same = literals.find((item) => item.file === found.file && item.valueStart === found.valueStart);
    if (!same) literals.push(found);
    else for (const index of found.findings) if (!same.findings.includes(index)) same.findings.push(index);
  };
  findings.forEach((finding, index) => {
    const named = finding.evidence.flatMap((item) => {
      const host = HOST_NOTE.exec(item.note)?.[1];
      return host ? [{ ...item, host }] : [];
    });
    for (const item of named) {
      const text = project.get(item.file);
      if (text === undefined || !isCode(item.file)) continue;
      for (const literal of hostLiterals(item.file, text, item.host)) {
        if (literal.line <= item.line && item.line <= literal.endLine) add({ ...literal.value, findings: [index], fromEvidence: true, wechat: matcher.isWeChat(item.host) });
      }
    }
    // No host in the evidence: the literals that name the finding's hosts (for meaning-keeping rewrites only).
    if (named.length === 0) {
      for (const host of refs[index]!.hosts) {
        for (const [file, text] of project) {
          if (isCode(file)) for (const literal of hostLiterals(file, text, host)) add({ ...literal.value, findings: [], fromEvidence: false, wechat: matcher.isWeChat(host) });
        }
      }
    }
  });
  literals.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.valueStart - b.valueStart));
  const pathFiles = new Set<string>();
  for (const finding of findings) {
    for (const file of [finding.file, ...finding.evidence.filter((item) => HOST_NOTE.test(item.note)).map((item) => item.file)]) {
      // A deployment file read by its name (pm2's ecosystem.config.js) keeps it: renamed, it is no deployment file.
      if (isCode(file) && project.has(file) && deploymentKindOf(file) === undefined) pathFiles.add(file);
    }
  }
  return {
    findings: refs,
    literals,
    pathFiles: [...pathFiles].sort(),
    writeValue: (literal) => literal.value.split(literal.host).join(writtenHost(mode, literal)),
  };
}

type Found = { line: number; endLine: number; value: Omit<HostLiteral, 'findings' | 'fromEvidence' | 'wechat'> };

/** String literals and template chunks of a file that name `host`, where an expression may stand instead. */
export function hostLiterals(file: string, text: string, host: string): Found[] {
  const sourceFile = parse(file, text);
  const out: Found[] = [];
  walk(sourceFile, (node) => {
    const isString = ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node);
    const isChunk = ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node);
    if (!isString && !isChunk) return;
    const start = node.getStart(sourceFile);
    const at = text.indexOf(host, start);
    if (at < 0 || at + host.length > node.end || !inValuePosition(node)) return;
    let valueStart = start;
    let valueEnd = node.end;
    let value = node.getText(sourceFile);
    if (isChunk) {
      const scheme = /https?:\/\/$/.exec(text.slice(Math.max(start, at - 8), at));
      valueStart = scheme ? at - scheme[0].length : at;
      valueEnd = at + host.length;
      value = quote(text.slice(valueStart, valueEnd));
    }
    out.push({
      line: lineOf(sourceFile, start),
      endLine: lineOf(sourceFile, node.end),
      value: { file, line: lineOf(sourceFile, at), host, start, end: node.end, syntax: isChunk ? 'template-chunk' : 'string', valueStart, valueEnd, value },
    });
  });
  return out;
}

/** Not a module specifier, a property name, a type, an enum member's constant or a tagged template. */
function inValuePosition(node: ts.Node): boolean {
  let expression: ts.Node = node;
  if (ts.isTemplateHead(node)) expression = node.parent;
  else if (ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) expression = node.parent.parent;
  const parent = expression.parent;
  if (!parent) return false;
  if (ts.isTaggedTemplateExpression(parent) || ts.isLiteralTypeNode(parent) || ts.isEnumMember(parent) || ts.isJsxAttribute(parent)) return false;
  if (ts.isImportDeclaration(parent) || ts.isExportDeclaration(parent) || ts.isExternalModuleReference(parent) || ts.isModuleDeclaration(parent)) return false;
  if ((ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent) || ts.isMethodDeclaration(parent)) && parent.name === expression) return false;
  if (ts.isExpressionStatement(parent)) return false;
  return true;
}

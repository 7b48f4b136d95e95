// Identifiers say nothing the scanner may rely on. `to-neutral`: every binding whose name says
// wx/wechat/weixin/wecom/pay/mch is renamed to a neutral one (`wxAgent` → `internalAgent`,
// `WX_BASE` → `INTERNAL_BASE`). `to-wechat`: the top-level bindings of the files on the way from a
// host to a pin that say none of that get a WeChat name (`agent` → `wxAgent`, `https` → `wxHttps`).
// The renames are the language service's (every reference, across files; a shorthand property or an
// export keeps its outside name: `{ agent: wxAgent }`).
import { ts } from 'ts-morph';
import { resolveImport } from '../modules.ts';
import { applyEdits, isCode, parse, walk, withFiles, type Edit } from '../source.ts';
import { CJS_FILES, CJS_FINDINGS, TS_FILES, TS_FINDINGS } from '../tiny.ts';
import type { Example, Project, RewriteContext, RewriteMeta, Variant } from '../types.ts';

export const meta: RewriteMeta = {
  id: 'misleading-renames',
  description: 'rename bindings that say wx/wechat/pay to neutral names (internalAgent), and neutral top-level bindings to WeChat names',
  kind: 'preserving',
};

const WECHAT_PARTS = new Set(['wx', 'wechat', 'weixin', 'wecom', 'pay', 'mch', 'wxpay', 'tenpay']);

export function generate(project: Project, context: RewriteContext): Variant[] | 'not-applicable' {
  const service = languageService(project);
  const variants: Variant[] = [];
  for (const direction of ['to-neutral', 'to-wechat'] as const) {
    const candidates = direction === 'to-neutral' ? bindings(project, [...project.keys()].filter(isCode), false) : bindings(project, context.pathFiles, true);
    const taken = new Set<string>();
    const edits = new Map<string, Edit[]>();
    const done: string[] = [];
    for (const candidate of candidates) {
      const wanted = direction === 'to-neutral' ? neutralName(candidate.name) : wechatName(candidate.name);
      if (wanted === undefined) continue;
      const name = freshName(project, taken, wanted);
      const locations = service.findRenameLocations(`/p/${candidate.file}`, candidate.position, false, false, { providePrefixAndSuffixTextForRename: true });
      if (!locations || locations.length === 0) continue;
      const planned = locations.map((location) => ({
        file: location.fileName.slice(3),
        edit: { start: location.textSpan.start, end: location.textSpan.start + location.textSpan.length, text: `${location.prefixText ?? ''}${name}${location.suffixText ?? ''}` },
      }));
      // A location another rename already edits (one shorthand, two names): leave this name alone.
      if (planned.some(({ file, edit }) => !project.has(file) || (edits.get(file) ?? []).some((other) => other.start < edit.end && edit.start < other.end))) continue;
      // The name also appears where the language service does not see a reference (a property read
      // off a dynamic import): renaming it would change the program, not only its names.
      if (unseenByService(project, candidate.name, planned)) continue;
      for (const { file, edit } of planned) edits.set(file, [...(edits.get(file) ?? []), edit]);
      taken.add(name);
      done.push(`${candidate.name}→${name}`);
    }
    if (done.length === 0) continue;
    const changes = Object.fromEntries([...edits].map(([file, list]) => [file, applyEdits(project.get(file)!, list)]));
    const shown = done.length > 4 ? `${done.slice(0, 4).join(', ')}, … (${done.length})` : done.join(', ');
    variants.push({ name: `${direction}: ${shown}`, files: withFiles(project, changes) });
  }
  return variants.length > 0 ? variants : 'not-applicable';
}

interface Binding {
  file: string;
  name: string;
  position: number;
}

/** Declared names: variables, destructured elements, functions, classes, parameters, import locals. */
function bindings(project: Project, files: readonly string[], topLevelOnly: boolean): Binding[] {
  const out: Binding[] = [];
  const seen = new Set<string>();
  for (const file of files) {
    const sourceFile = parse(file, project.get(file)!);
    walk(sourceFile, (node) => {
      const name = declaredName(node);
      if (!name || (topLevelOnly && !isTopLevel(node))) return;
      const key = `${file}:${name.getStart(sourceFile)}`;
      if (seen.has(key)) return;
      seen.add(key);
      out.push({ file, name: name.text, position: name.getStart(sourceFile) });
    });
  }
  return out;
}

function declaredName(node: ts.Node): ts.Identifier | undefined {
  if (ts.isVariableDeclaration(node) || ts.isBindingElement(node) || ts.isParameter(node)) return ts.isIdentifier(node.name) ? node.name : undefined;
  if (ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node)) return node.name;
  if (ts.isImportClause(node)) return node.name;
  if (ts.isImportSpecifier(node) || ts.isNamespaceImport(node)) return node.name;
  return undefined;
}

function isTopLevel(node: ts.Node): boolean {
  return !ts.findAncestor(node.parent, (ancestor) => ts.isFunctionLike(ancestor) || ts.isClassLike(ancestor) || ts.isBlock(ancestor));
}

function parts(name: string): string[] | undefined {
  const found = name.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+|_+|\$+/g) ?? [];
  return found.join('') === name ? found : undefined;
}

function cased(word: string, like: string): string {
  if (like === like.toUpperCase()) return word.toUpperCase();
  if (like[0] === like[0]!.toUpperCase()) return word[0]!.toUpperCase() + word.slice(1);
  return word;
}

/** `wxAgent` → `internalAgent`, `WX_BASE` → `INTERNAL_BASE`, `WxPayV2` → `InternalV2`; undefined when nothing says WeChat. */
export function neutralName(name: string): string | undefined {
  const split = parts(name);
  if (!split || !split.some((part) => WECHAT_PARTS.has(part.toLowerCase()))) return undefined;
  const out: string[] = [];
  for (const part of split) {
    if (!WECHAT_PARTS.has(part.toLowerCase())) out.push(part);
    else if (!WECHAT_PARTS.has((out.at(-1) ?? '').toLowerCase()) || out.at(-1) === undefined) out.push(cased('internal', part));
  }
  return out.join('').replace(/(internal)+/gi, (run) => run.slice(0, 'internal'.length));
}

/** `agent` → `wxAgent`, `HttpClient` → `WxHttpClient`, `CA_FILE` → `WX_CA_FILE`; undefined for names that already say it. */
export function wechatName(name: string): string | undefined {
  const split = parts(name);
  if (!split || split.some((part) => WECHAT_PARTS.has(part.toLowerCase())) || !/^[A-Za-z]/.test(name)) return undefined;
  if (/^[A-Z0-9_]+$/.test(name) && name.length > 1) return `WX_${name}`;
  return /^[A-Z]/.test(name) ? `Wx${name}` : `wx${name[0]!.toUpperCase()}${name.slice(1)}`;
}

/** In a file that imports dynamically, `name` stands as a word more often than the renames edit there. */
function unseenByService(project: Project, name: string, planned: ReadonlyArray<{ file: string }>): boolean {
  const pattern = new RegExp(`(?<![\\w$.])${name.replace(/\$/g, '\\$')}(?![\\w$])`, 'g');
  return [...project.entries()].some(
    ([file, text]) => isCode(file) && text.includes('import(') && (text.match(pattern)?.length ?? 0) > planned.filter((item) => item.file === file).length,
  );
}

function freshName(project: Project, taken: Set<string>, base: string): string {
  const texts = [...project.values()];
  for (let n = 1; ; n++) {
    const name = n === 1 ? base : `${base}${n}`;
    const pattern = new RegExp(`(?<![\\w$])${name.replace(/\$/g, '\\$')}(?![\\w$])`);
    if (!taken.has(name) && !texts.some((text) => pattern.test(text))) return name;
  }
}

/** An in-memory language service over the project's code files (no lib files: renames need none). */
function languageService(project: Project): ts.LanguageService {
  const files = [...project.keys()].filter((file) => isCode(file) || file.endsWith('.json')).map((file) => `/p/${file}`);
  const host: ts.LanguageServiceHost = {
    getCompilationSettings: () => ({
      allowJs: true,
      checkJs: false,
      noLib: true,
      types: [],
      noEmit: true,
      target: ts.ScriptTarget.ESNext,
      module: ts.ModuleKind.Preserve,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      allowImportingTsExtensions: true,
      resolveJsonModule: true,
      jsx: ts.JsxEmit.Preserve,
    }),
    getScriptFileNames: () => files,
    getScriptVersion: () => '1',
    getScriptSnapshot: (name) => {
      const text = project.get(name.slice(3));
      return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
    },
    getCurrentDirectory: () => '/p',
    getDefaultLibFileName: () => '/lib.d.ts',
    fileExists: (name) => name.startsWith('/p/') && project.has(name.slice(3)),
    readFile: (name) => project.get(name.slice(3)),
    // Bare specifiers into the tree (workspace packages, path aliases) resolve as the scanner resolves them.
    resolveModuleNames: (names, containingFile, _reused, _redirected, options) =>
      names.map((name) => {
        const resolved = ts.resolveModuleName(name, containingFile, options, ts.sys).resolvedModule;
        if (resolved && resolved.resolvedFileName.startsWith('/p/')) return resolved;
        const inTree = resolveImport(project, containingFile.slice(3), name);
        return inTree === undefined ? resolved : { resolvedFileName: `/p/${inTree}`, extension: inTree.slice(inTree.lastIndexOf(".")) as ts.Extension, isExternalLibraryImport: false };
      }),
  };
  return ts.createLanguageService(host, ts.createDocumentRegistry());
}

export const examples: Example[] = [
  {
    name: 'CommonJS, both directions',
    files: {
      ...CJS_FILES,
      'src/pay.js': "const { token } = require('./client');\nconst wxPay = (id) => token(id);\nmodule.exports = { wxPay };\n",
    },
    findings: CJS_FINDINGS,
    expected: [
      {
        name: 'to-neutral: wxPay→internal',
        files: {
          'src/pay.js': [
            "const { token } = require('./client');",
            'const internal = (id) => token(id);',
            'module.exports = { wxPay: internal };',
            '',
          ].join('\n'),
        },
      },
      {
        name: 'to-wechat: https→wxHttps, fs→wxFs, agent→wxAgent',
        files: {
          'src/client.js': [
            "const wxHttps = require('https');",
            "const wxFs = require('fs');",
            '',
            "const wxAgent = new wxHttps.Agent({ ca: wxFs.readFileSync('wx.pem') });",
            '',
            "exports.token = () => wxHttps.get('https://api.weixin.qq.com/cgi-bin/token', { agent: wxAgent });",
            '',
          ].join('\n'),
        },
      },
    ],
  },
  {
    name: 'TypeScript, across files',
    files: TS_FILES,
    findings: TS_FINDINGS,
    expected: [
      {
        name: 'to-neutral: WX_BASE→INTERNAL_BASE',
        files: {
          'src/config.ts': [
            "export const INTERNAL_BASE = 'https://api.weixin.qq.com';",
            '',
          ].join('\n'),
          'src/client.ts': [
            "import { Agent, get } from 'node:https';",
            "import { readFileSync } from 'node:fs';",
            "import { INTERNAL_BASE } from './config.js';",
            '',
            "const agent = new Agent({ ca: readFileSync('wx.pem') });",
            '',
            'export const token = (appid: string) => get(`${INTERNAL_BASE}/cgi-bin/token?appid=${appid}`, { agent });',
            '',
          ].join('\n'),
        },
      },
      {
        name: 'to-wechat: Agent→WxAgent, get→wxGet, readFileSync→wxReadFileSync, agent→wxAgent, … (5)',
        files: {
          'src/client.ts': [
            "import { Agent as WxAgent, get as wxGet } from 'node:https';",
            "import { readFileSync as wxReadFileSync } from 'node:fs';",
            "import { WX_BASE } from './config.js';",
            '',
            "const wxAgent = new WxAgent({ ca: wxReadFileSync('wx.pem') });",
            '',
            'export const wxToken = (appid: string) => wxGet(`${WX_BASE}/cgi-bin/token?appid=${appid}`, { agent: wxAgent });',
            '',
          ].join('\n'),
        },
      },
    ],
  },
];

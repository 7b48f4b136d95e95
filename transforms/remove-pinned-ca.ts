// jscodeshift transform: removes pinned CAs (and, when asked, disabled certificate checks) aimed at
// WeChat hosts, with the bindings and imports that only served them.
//
// Driven by wechat-unpin, it receives `options.targets` (exact node ranges the cross-file scanner
// proved safe). Under the stock runner (`jscodeshift -t transforms/remove-pinned-ca.ts`) it finds
// its own targets, conservatively, within each file. Either way it locates the nodes with jscodeshift
// and cuts their exact text ranges: nothing else in the file is reprinted.
//
// Relative imports name the .ts files: jscodeshift's Babel hook resolves those, and tsc rewrites them.
import type { API, ASTPath, Collection, FileInfo, Identifier, JSCodeshift, Options } from 'jscodeshift';
import { createHostMatcher, hostOf } from '../src/hosts.ts';
import { lineOf, lineText } from '../src/line-starts.ts';
import {
  applyCuts,
  nextLineStartOf,
  offsetMapper,
  restOfLineIsEmpty,
  startsItsLine,
  wholeLinesCut,
  withTrailingSpace,
  type Cut,
} from './lib/text-edits.ts';

export const meta = {
  id: 'remove-pinned-ca',
  description: 'Removes a `ca` pinned for WeChat hosts (and, with --fix-insecure, rejectUnauthorized: false and kin).',
  kinds: ['pinned-ca', 'insecure-tls'],
};

export type TargetKind = 'property' | 'statement' | 'chain-call';

/** A node to remove, by its exact range in the file's text. */
export interface RemovalTarget {
  kind: TargetKind;
  start: number;
  end: number;
}

export interface TransformOptions extends Options {
  targets?: RemovalTarget[];
  /**
   * Told, for each target, the text of the node found at its range as the parser itself read it (by
   * the parser's own offsets into its normalised copy, not by the offsets mapped back to the file):
   * wechat-unpin checks it against the text the scanner named before it accepts the fix.
   */
  onTargetFound?: (target: RemovalTarget, parsedText: string) => void;
  /**
   * Driven by wechat-unpin: the tree `j(source, { tabWidth: 1 })` would give, built without recast's
   * copy of it, or undefined when only recast can build it (src/fix-tree.ts).
   */
  parseTree?: (source: string) => object | undefined;
  /** Extra host patterns for the stock runner: `--hosts=proxy.example.com,other.example`. */
  hosts?: string;
}

/** A node as the Babel-based parsers give it: every node carries its text range. */
interface RangedNode {
  type: string;
  start?: number | null;
  end?: number | null;
  [key: string]: unknown;
}

export default function transform(file: FileInfo, api: API, options: TransformOptions): string | undefined {
  const j = api.jscodeshift;
  // tabWidth 1 keeps columns equal to character indexes; see offsetMapper.
  const tree = options.parseTree?.(file.source);
  const root = tree ? j(tree as never) : j(file.source, { tabWidth: 1 });
  const index = indexNodes(root.get().node as RangedNode, file.source);
  const targets = options.targets ?? findTargetsInFile(j, root, file.source, options);
  if (targets.length === 0) return undefined;

  const found = targets.map((target) => {
    const entry = index.at(target);
    if (!entry) throw new Error(`no ${target.kind} at ${target.start}-${target.end}: the file changed since it was scanned`);
    options.onTargetFound?.(target, entry.parsedText);
    return { target, entry };
  });
  // Properties cut from one object are cut together: the last one kept decides the commas.
  const removed = new Set(found.filter(({ target }) => target.kind === 'property').map(({ entry }) => entry.node));
  const cuts: Cut[] = [];
  for (const { target, entry } of found) {
    const emptiedIf = emptiedIfCut(j, root, file.source, entry.node, entry.parent);
    cuts.push(...(emptiedIf ? [emptiedIf] : cutFor(file.source, entry.node, entry.parent, target.kind, removed)));
  }
  cuts.push(...unusedBindingCuts(j, root, file.source, cuts));
  const output = applyCuts(file.source, cuts);
  return output === file.source ? undefined : output;
}

const TARGET_TYPES: Record<TargetKind, readonly string[]> = {
  property: ['ObjectProperty', 'Property'],
  statement: ['ExpressionStatement'],
  'chain-call': ['CallExpression'],
};
const INDEXED_TYPES = new Set(Object.values(TARGET_TYPES).flat());
const NOT_CHILDREN = new Set(['loc', 'comments', 'leadingComments', 'trailingComments', 'tokens', 'extra', 'original']);

interface IndexedNode {
  node: RangedNode;
  parent: RangedNode | undefined;
  /** The node's text in the copy the parser read, by the parser's own offsets. */
  parsedText: string;
}

interface IndexEntry {
  node: RangedNode;
  parent: RangedNode | undefined;
  parsedStart: number | undefined;
  parsedEnd: number | undefined;
}

interface NodeIndex {
  at(target: RemovalTarget): IndexedNode | undefined;
}

/**
 * One plain walk over the tree (no NodePaths: they cost more than the parse). It rewrites every
 * node's start/end as offsets into the original text, since recast's are offsets into a normalised
 * copy (see offsetMapper), and indexes the nodes a target can name, with their parents.
 */
function indexNodes(rootNode: RangedNode, source: string): NodeIndex {
  const offsetOf = offsetMapper(source);
  const byRange = new Map<string, IndexEntry[]>();
  const visit = (node: RangedNode, parent: RangedNode | undefined): void => {
    const loc = node['loc'] as { start: { line: number; column: number }; end: { line: number; column: number } } | null | undefined;
    // Babel's parsers give start/end, Flow's a range: offsets into the copy, kept for IndexedNode.parsedText.
    const range = node['range'] as [number, number] | undefined;
    const parsedStart = node.start ?? range?.[0] ?? undefined;
    const parsedEnd = node.end ?? range?.[1] ?? undefined;
    if (loc) {
      node.start = offsetOf(loc.start);
      node.end = offsetOf(loc.end);
    } else {
      // A node the parser made up has no position: the value of a shorthand `{ ca }` is one.
      node.start = parent?.start ?? null;
      node.end = parent?.end ?? null;
    }
    if (INDEXED_TYPES.has(node.type)) {
      const key = `${node.start}:${node.end}`;
      const entry = { node, parent, parsedStart, parsedEnd };
      const list = byRange.get(key);
      if (list) list.push(entry);
      else byRange.set(key, [entry]);
    }
    for (const key of Object.keys(node)) {
      if (NOT_CHILDREN.has(key)) continue;
      const value = node[key];
      if (Array.isArray(value)) {
        for (const item of value) if (isNode(item)) visit(item, node);
      } else if (isNode(value)) {
        visit(value, node);
      }
    }
  };
  visit(rootNode, undefined);
  let parsed: string | undefined;
  return {
    at: (target) => {
      const entry = byRange.get(`${target.start}:${target.end}`)?.find((each) => TARGET_TYPES[target.kind].includes(each.node.type));
      if (!entry) return undefined;
      parsed ??= parsedCopyOf(rootNode);
      const parsedText = entry.parsedStart === undefined || entry.parsedEnd === undefined ? '' : parsed.slice(entry.parsedStart, entry.parsedEnd);
      return { node: entry.node, parent: entry.parent, parsedText };
    },
  };
}

/** The text recast handed the parser: line breaks as \n, indentation as spaces (see offsetMapper). */
function parsedCopyOf(rootNode: RangedNode): string {
  const lines = (rootNode['loc'] as { lines?: { toString(options: object): string } } | undefined)?.lines;
  return lines ? lines.toString({ tabWidth: 1, reuseWhitespace: false, useTabs: false }) : '';
}

function isNode(value: unknown): value is RangedNode {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

function cutFor(text: string, node: RangedNode, parent: RangedNode | undefined, kind: TargetKind, removed: ReadonlySet<RangedNode>): Cut[] {
  switch (kind) {
    case 'property':
      return propertyCut(text, node, parent as RangedNode & { properties: RangedNode[] }, removed);
    case 'statement':
      return [statementCut(text, node)];
    case 'chain-call':
      return [chainCallCut(text, node, parent)];
  }
}

/**
 * `ca: x` out of its object, leaving neither a dangling comma nor an emptied line. `removed` holds every
 * property cut from the file: when this one is among the last of its object, the last property kept
 * takes over the object's ending (no comma after it, if the object's last property had none).
 */
function propertyCut(text: string, property: RangedNode, object: RangedNode & { properties: RangedNode[] }, removed: ReadonlySet<RangedNode>): Cut[] {
  const siblings = object.properties;
  const index = siblings.indexOf(property);
  const start = property.start!;
  const end = property.end!;
  const kept = siblings.filter((sibling) => !removed.has(sibling));
  // Nothing left: `{}`.
  if (kept.length === 0) return [{ start: object.start! + 1, end: object.end! - 1 }];
  const lastKept = kept[kept.length - 1]!;
  const afterLastKept = index > siblings.indexOf(lastKept);
  const last = siblings[siblings.length - 1]!;
  const objectHasTrailingComma = commaAfter(text, last.end!, object.end! - 1) !== undefined;

  const comma = commaAfter(text, end, index === siblings.length - 1 ? object.end! - 1 : siblings[index + 1]!.start!);
  const afterProperty = comma === undefined ? end : comma + 1;
  if (startsItsLine(text, start) && restOfLineIsEmpty(text, afterProperty)) {
    const lines = wholeLinesCut(text, start, afterProperty);
    // The object's last property had no comma: the last one kept keeps that style by losing its comma.
    if (afterLastKept && !objectHasTrailingComma) {
      const keptComma = commaAfter(text, lastKept.end!, siblings[siblings.indexOf(lastKept) + 1]!.start!);
      if (keptComma !== undefined) return [lines, { start: keptComma, end: keptComma + 1 }];
    }
    return [lines];
  }
  // Inline, with a property kept after it: take it and its comma.
  if (!afterLastKept) return [withTrailingSpace(text, { start, end: afterProperty })];
  // Inline, after the last kept: take everything from the end of the last kept, keeping a trailing
  // comma if the object had one.
  return [{ start: lastKept.end!, end: index === siblings.length - 1 || !objectHasTrailingComma ? end : afterProperty }];
}

/** Index of the comma between `from` and `limit`, skipping comments; undefined if none. */
function commaAfter(text: string, from: number, limit: number): number | undefined {
  let index = from;
  while (index < limit) {
    const char = text[index];
    if (char === ',') return index;
    if (text.startsWith('//', index)) index = nextLineStartOf(text, index);
    else if (text.startsWith('/*', index)) index = text.indexOf('*/', index + 2) + 2;
    else if (char !== undefined && /\s/.test(char)) index++;
    else return undefined;
  }
  return undefined;
}

/**
 * `if (config.caPath) { options.ca = read(config.caPath); }`: a statement that is all its `if` does
 * takes the `if` with it, when the condition only reads.
 */
function emptiedIfCut(j: JSCodeshift, root: Collection, text: string, node: RangedNode, parent: RangedNode | undefined): Cut | undefined {
  if (node.type !== 'ExpressionStatement' || !parent) return undefined;
  const alone = parent.type === 'IfStatement' || (parent.type === 'BlockStatement' && (parent['body'] as RangedNode[]).length === 1);
  if (!alone) return undefined;
  let cut: Cut | undefined;
  root.find(j.IfStatement).forEach((path: ASTPath) => {
    const statement = path.node as unknown as RangedNode;
    if ((statement['consequent'] === parent || statement['consequent'] === node) && !statement['alternate'] && isPureRead(statement['test'] as RangedNode)) {
      cut = statementCut(text, statement);
    }
  });
  return cut;
}

function statementCut(text: string, node: RangedNode): Cut {
  const start = node.start!;
  const end = node.end!;
  if (startsItsLine(text, start) && restOfLineIsEmpty(text, end)) return wholeLinesCut(text, start, end);
  return withTrailingSpace(text, { start, end });
}

/** `.ca(x)` out of a call chain; a chain on several lines loses the line that held it. */
function chainCallCut(text: string, node: RangedNode, parent: RangedNode | undefined): Cut {
  const call = node as RangedNode & { callee: RangedNode & { object: RangedNode } };
  const objectEnd = call.callee.object.end!;
  // `req.ca(x);` on its own: the statement goes.
  if (parent?.type === 'ExpressionStatement' && call.callee.object.type === 'Identifier') return statementCut(text, parent);
  return { start: objectEnd, end: call.end! };
}

/** Declarations and imports whose only uses were inside the cuts. Repeats until nothing more goes. */
function unusedBindingCuts(j: JSCodeshift, root: Collection, text: string, initial: Cut[]): Cut[] {
  const cuts = [...initial];
  const added: Cut[] = [];
  const settled = new Set<unknown>();
  // One walk: the identifiers, grouped by name, are all the rounds below need.
  const byName = new Map<string, IdentifierSite[]>();
  for (const site of identifiersOf(j, root.get() as ASTPath)) {
    const list = byName.get(site.node.name);
    if (list) list.push(site);
    else byName.set(site.node.name, [site]);
  }
  const identifiers = [...byName.values()].flat();
  for (let round = 0; round < 8; round++) {
    const inside = (node: RangedNode): boolean => cuts.some((cut) => node.start! >= cut.start && node.end! <= cut.end);
    let changed = false;
    for (const site of identifiers) {
      if (!inside(site.node) || !isReference(site.path())) continue;
      const path = site.path();
      const name = site.node.name;
      const scope = path.scope?.lookup(name);
      const bindings = scope?.getBindings()[name] as ASTPath[] | undefined;
      const binding = bindings?.[0];
      if (!binding || settled.has(binding.node)) continue;
      const uses = (byName.get(name) ?? [])
        .filter((use) => isReference(use.path()) && !inside(use.node) && use.path().scope?.lookup(name) === scope)
        .map((use) => use.path());
      // Only writes left (`ca = readFileSync(…)` in an `if`): they go with the declaration.
      const writeCuts = uses.map((use) => writeCut(text, use));
      if (writeCuts.some((cut) => cut === undefined)) continue; // still read somewhere: a later round may see it go
      settled.add(binding.node);
      const declarationCuts = declarationCut(text, binding, inside);
      if (!declarationCuts) continue;
      for (const each of [...declarationCuts, ...(writeCuts as Cut[])]) {
        cuts.push(each);
        added.push(each);
      }
      changed = true;
    }
    if (!changed) break;
  }
  return added;
}

/** An identifier of the tree, and its NodePath, built when first asked for. */
interface IdentifierSite {
  node: RangedNode & { name: string };
  path(): ASTPath<Identifier>;
}

/**
 * Every identifier under `rootPath`, in the order `find(j.Identifier)` gives them (JSXIdentifier and
 * the other kinds ast-types derives from Identifier too), by one plain walk over the fields
 * ast-types visits, filling in absent fields with their defaults as its PathVisitor does. The
 * PathVisitor built a NodePath for every value in the tree, which cost more than the parse; here a
 * NodePath is built only for the identifiers the cuts make matter, by the keys that lead to it
 * (NodePath.get caches each step, so it is the very path, parents and scopes of a full traversal).
 */
function identifiersOf(j: JSCodeshift, rootPath: ASTPath): IdentifierSite[] {
  const { getFieldNames, getFieldValue, builtInTypes } = j.types;
  // Whether a node is an Identifier, and which fields are visited, ast-types decides by its type
  // alone: asked once per type. (An unknown type throws here, as it did in the PathVisitor.)
  const kinds = new Map<string, { identifier: boolean; fields: readonly string[] }>();
  const kindOf = (node: Record<string, unknown>, type: string): { identifier: boolean; fields: readonly string[] } => {
    let kind = kinds.get(type);
    if (!kind) {
      kind = { identifier: j.Identifier.check(node), fields: getFieldNames(node) };
      kinds.set(type, kind);
    }
    return kind;
  };
  const sites: IdentifierSite[] = [];
  const keys: Array<string | number> = [];
  const visit = (value: unknown): void => {
    if (typeof value !== 'object' || value === null) return;
    if (Array.isArray(value)) {
      for (let index = 0; index < value.length; index++) {
        if (!Object.hasOwn(value, index)) continue;
        keys.push(index);
        visit(value[index]);
        keys.pop();
      }
      return;
    }
    if (!builtInTypes.object.check(value)) return;
    const node = value as Record<string, unknown>;
    const type = node['type'];
    // Not a node (a template element's value): its own keys.
    const kind = typeof type === 'string' ? kindOf(node, type) : { identifier: false, fields: getFieldNames(node) };
    if (kind.identifier) {
      const at = [...keys];
      let path: ASTPath<Identifier> | undefined;
      sites.push({ node: node as IdentifierSite['node'], path: () => (path ??= rootPath.get(...at) as ASTPath<Identifier>) });
    }
    for (const name of kind.fields) {
      if (!Object.hasOwn(node, name)) node[name] = getFieldValue(node, name);
      keys.push(name);
      visit(node[name]);
      keys.pop();
    }
  };
  visit(rootPath.value);
  return sites;
}

/**
 * A use that only assigns the binding a pure value (`ca = fs.readFileSync(p);`) goes with it; an `if`
 * whose block holds nothing else goes whole. Undefined when the use reads the binding.
 */
function writeCut(text: string, use: ASTPath<Identifier>): Cut | undefined {
  const assignment = use.parent?.node as RangedNode | undefined;
  const statementPath = use.parent?.parent as ASTPath<RangedNode> | undefined;
  if (
    assignment?.type !== 'AssignmentExpression' ||
    assignment['operator'] !== '=' ||
    use.name !== 'left' ||
    statementPath?.node.type !== 'ExpressionStatement' ||
    !isPureRead(assignment['right'] as RangedNode)
  ) {
    return undefined;
  }
  const block = statementPath.parent?.node as (RangedNode & { body?: RangedNode[] }) | undefined;
  const ifStatement = statementPath.parent?.parent?.node as RangedNode | undefined;
  if (
    block?.type === 'BlockStatement' &&
    block.body?.length === 1 &&
    ifStatement?.type === 'IfStatement' &&
    ifStatement['consequent'] === block &&
    !ifStatement['alternate'] &&
    isPureRead(ifStatement['test'] as RangedNode)
  ) {
    return statementCut(text, ifStatement);
  }
  return statementCut(text, statementPath.node);
}

/** Is this identifier a use of a binding (not a property name, not the declaration itself)? */
function isReference(path: ASTPath<Identifier>): boolean {
  const parent = path.parent?.node as RangedNode | undefined;
  if (!parent) return false;
  const key = path.name;
  const isProperty = parent.type === 'ObjectProperty' || parent.type === 'Property';
  if ((parent.type === 'MemberExpression' || parent.type === 'OptionalMemberExpression') && key === 'property' && !parent['computed']) return false;
  // `const { readFileSync } = …`: a pattern's key and value name a binding; they use nothing.
  if (isProperty && path.parent?.parent?.node.type === 'ObjectPattern') return false;
  // `{ ca }` uses ca (parsers differ on whether the key or the value node is visited); `{ ca: x }` does not.
  if (isProperty && key === 'key' && !parent['computed']) return parent['shorthand'] === true;
  if (parent.type === 'VariableDeclarator' && key === 'id') return false;
  // `const [a, ...rest] = …`, `{ a = 1 }`: names a pattern binds, not uses.
  if (parent.type === 'ArrayPattern' || parent.type === 'RestElement' || (parent.type === 'AssignmentPattern' && key === 'left')) return false;
  if (parent.type.startsWith('Import')) return false;
  if ((parent.type === 'FunctionDeclaration' || parent.type === 'ClassDeclaration') && key === 'id') return false;
  if (parent.type === 'ObjectMethod' || parent.type === 'ClassMethod' || parent.type === 'ClassProperty') return key !== 'key';
  return true;
}

/** How to remove the declaration behind a binding, or undefined when removing it is not safe. */
function declarationCut(text: string, binding: ASTPath, isCut: (node: RangedNode) => boolean): Cut[] | undefined {
  const declarationPath = binding.parent as ASTPath<RangedNode> | undefined;
  const declaration = declarationPath?.node;
  if (!declarationPath || !declaration) return undefined;

  if (declaration.type === 'VariableDeclarator') {
    if (!isPureRead(declaration['init'] as RangedNode | null)) return undefined;
    const statementPath = declarationPath.parent as ASTPath<RangedNode & { declarations: RangedNode[] }>;
    const statement = statementPath.node;
    if (statementPath.parent?.node?.type === 'ExportNamedDeclaration') return undefined;
    if (allGoing(statement.declarations, declaration, isCut)) return [statementCut(text, statement)];
    return [declaratorCut(statement.declarations, declaration)];
  }
  // const { readFileSync } = require('fs')
  if ((declaration.type === 'ObjectProperty' || declaration.type === 'Property') && declarationPath.parent?.node.type === 'ObjectPattern') {
    const pattern = declarationPath.parent.node as RangedNode & { properties: RangedNode[] };
    const declarator = declarationPath.parent.parent?.node as RangedNode | undefined;
    if (declarator?.type !== 'VariableDeclarator' || !isPureRead(declarator['init'] as RangedNode)) return undefined;
    if (allGoing(pattern.properties, declaration, isCut)) return declarationCut(text, declarationPath.parent.parent!.get('id'), isCut);
    return [declaratorCut(pattern.properties, declaration)];
  }
  // const [cert, key, ca] = await Promise.all([read(a), read(b), read(c)])
  if (declaration.type === 'ArrayPattern') return arrayElementCut(text, declarationPath, binding.node as RangedNode, isCut);
  if (declaration.type.startsWith('Import') && declaration.type.endsWith('Specifier')) {
    const importPath = declarationPath.parent as ASTPath<RangedNode & { specifiers: RangedNode[] }>;
    const statement = importPath.node;
    if (allGoing(statement.specifiers, declaration, isCut)) return [statementCut(text, statement)];
    return [declaratorCut(statement.specifiers, declaration)];
  }
  return undefined;
}

/**
 * An element of an array pattern goes with its positional partner in the array it takes apart
 * (`[a, b]`, `Promise.all([a, b])`, awaited or not), so every other element keeps its partner. Without a
 * partner list, only the last element can go (a middle one would shift the rest).
 */
function arrayElementCut(text: string, patternPath: ASTPath<RangedNode>, element: RangedNode, isCut: (node: RangedNode) => boolean): Cut[] | undefined {
  const pattern = patternPath.node as RangedNode & { elements: Array<RangedNode | null> };
  const declarator = patternPath.parent?.node as RangedNode | undefined;
  if (declarator?.type !== 'VariableDeclarator' || declarator['id'] !== pattern) return undefined;
  const index = pattern.elements.indexOf(element);
  const elements = pattern.elements.filter((item): item is RangedNode => item !== null);
  if (index < 0 || elements.length !== pattern.elements.length) return undefined;
  if (allGoing(elements, element, isCut)) return declarationCut(text, patternPath.parent!.get('id'), isCut);
  const partners = partnerList(declarator['init'] as RangedNode | null);
  if (!partners) return index === elements.length - 1 ? [declaratorCut(elements, element)] : undefined;
  const partner = partners[index];
  if (!partner || !isPureRead(partner) || partners.length !== elements.length) return undefined;
  return [declaratorCut(elements, element), declaratorCut(partners, partner)];
}

/** The array literal whose elements a destructuring takes apart one by one, when there is one. */
function partnerList(init: RangedNode | null): RangedNode[] | undefined {
  let node = init;
  while (node && (node.type === 'AwaitExpression' || node.type === 'TSAsExpression' || node.type === 'ParenthesizedExpression')) node = node['argument'] as RangedNode ?? node['expression'] as RangedNode;
  if (node?.type === 'ArrayExpression') return node['elements'] as RangedNode[];
  if (node?.type !== 'CallExpression') return undefined;
  const callee = node['callee'] as RangedNode;
  const isPromiseAll =
    callee.type === 'MemberExpression' &&
    (callee['object'] as RangedNode).type === 'Identifier' &&
    (callee['object'] as RangedNode)['name'] === 'Promise' &&
    ['all', 'allSettled'].includes((callee['property'] as RangedNode)['name'] as string);
  const list = (node['arguments'] as RangedNode[])[0];
  return isPromiseAll && list?.type === 'ArrayExpression' ? (list['elements'] as RangedNode[]) : undefined;
}

/** Is `item` the last of `items` still standing? Then the whole list (and its statement) goes. */
function allGoing(items: readonly RangedNode[], item: RangedNode, isCut: (node: RangedNode) => boolean): boolean {
  return items.every((other) => other === item || isCut(other));
}

/** One item of a comma list (`a = 1, b = 2`, `{ a, b }`) with its comma. */
function declaratorCut(items: RangedNode[], item: RangedNode): Cut {
  const index = items.indexOf(item);
  const next = items[index + 1];
  if (next) return { start: item.start!, end: next.start! };
  return { start: items[index - 1]!.end!, end: item.end! };
}

const PURE_CALLEES = new Set([
  'require',
  'readFileSync',
  'readFile',
  'existsSync',
  'join',
  'resolve',
  'normalize',
  'dirname',
  'cwd',
  'fileURLToPath',
  'from',
  'toString',
  'String',
  'trim',
  'all',
  'allSettled',
  'map',
  'concat',
]);

/** Reading a file, joining a path, a literal: no effect lost when the declaration goes. */
function isPureRead(node: RangedNode | null | undefined): boolean {
  if (!node) return true;
  switch (node.type) {
    case 'StringLiteral':
    case 'Literal':
    case 'NumericLiteral':
    case 'Identifier':
    case 'TemplateLiteral':
      return node.type !== 'TemplateLiteral' || ((node['expressions'] as RangedNode[]) ?? []).every(isPureRead);
    case 'MemberExpression':
      return isPureRead(node['object'] as RangedNode);
    case 'BinaryExpression':
      return isPureRead(node['left'] as RangedNode) && isPureRead(node['right'] as RangedNode);
    case 'ArrayExpression':
      return ((node['elements'] as RangedNode[]) ?? []).every(isPureRead);
    case 'TSAsExpression':
    case 'TSNonNullExpression':
    case 'TSSatisfiesExpression':
    case 'ParenthesizedExpression':
      return isPureRead(node['expression'] as RangedNode);
    case 'AwaitExpression':
      return isPureRead(node['argument'] as RangedNode);
    case 'ConditionalExpression':
      return ['test', 'consequent', 'alternate'].every((key) => isPureRead(node[key] as RangedNode));
    case 'ArrowFunctionExpression':
    case 'FunctionExpression': {
      // Making a function does nothing; `.map((name) => readFileSync(name))` reads files, no more.
      const body = node['body'] as RangedNode;
      return body.type !== 'BlockStatement' && isPureRead(body);
    }
    case 'MetaProperty':
    case 'ThisExpression':
      return true; // import.meta; `this` (as in this.app.baseDir)
    case 'UnaryExpression':
      return isPureRead(node['argument'] as RangedNode);
    case 'LogicalExpression':
      return isPureRead(node['left'] as RangedNode) && isPureRead(node['right'] as RangedNode);
    case 'NewExpression': {
      // new URL('./certs/wx-root.pem', import.meta.url)
      const callee = node['callee'] as RangedNode;
      return callee.type === 'Identifier' && callee['name'] === 'URL' && ((node['arguments'] as RangedNode[]) ?? []).every(isPureRead);
    }
    case 'CallExpression': {
      const callee = node['callee'] as RangedNode;
      const name =
        callee.type === 'Identifier' ? (callee['name'] as string) : callee.type === 'MemberExpression' ? ((callee['property'] as RangedNode)['name'] as string) : '';
      const calleeIsPure = callee.type === 'Identifier' || isPureRead(callee['object'] as RangedNode);
      return PURE_CALLEES.has(name) && calleeIsPure && ((node['arguments'] as RangedNode[]) ?? []).every(isPureRead);
    }
    default:
      return false;
  }
}

// ---- Stock-runner mode: find targets within one file, conservatively. ----

const TLS_CONSUMERS = /(^|\.)(Agent|request|get|connect|createSecureContext)$/;

/**
 * Without the scanner, a `ca` is removed only when every URL or host the file names is a WeChat
 * host (and there is at least one), the `ca` sits in an options object passed straight to an agent
 * or request call (or in request's agentOptions), and the file runs no TLS server.
 */
export function findTargetsInFile(j: JSCodeshift, root: Collection, source: string, options: TransformOptions): RemovalTarget[] {
  const matcher = createHostMatcher(options.hosts ? String(options.hosts).split(',') : []);
  const hosts = hostsNamedIn(j, root);
  if (hosts.length === 0 || !hosts.every((host) => matcher.isWeChat(host))) return [];
  if (/\bcreate(Secure)?Server\s*\(/.test(source)) return [];

  const targets: RemovalTarget[] = [];
  root.find(j.ObjectExpression).forEach((path: ASTPath) => {
    const object = path.node as unknown as RangedNode & { properties: RangedNode[] };
    for (const property of object.properties) {
      if (!isCaProperty(property) || isSuppressed(source, property.start!)) continue;
      if (objectFeedsTls(j, root, path)) targets.push({ kind: 'property', start: property.start!, end: property.end! });
    }
  });
  return targets;
}

function isCaProperty(property: RangedNode): boolean {
  if (property.type !== 'ObjectProperty' && property.type !== 'Property') return false;
  const key = property['key'] as RangedNode;
  const name = key.type === 'Identifier' ? key['name'] : key['value'];
  const value = property['value'] as RangedNode;
  const empty = value.type === 'NullLiteral' || (value.type === 'Identifier' && value['name'] === 'undefined');
  return name === 'ca' && !property['computed'] && !empty;
}

function objectFeedsTls(j: JSCodeshift, root: Collection, path: ASTPath): boolean {
  const parent = path.parent?.node as RangedNode | undefined;
  if (!parent) return false;
  if ((parent.type === 'NewExpression' || parent.type === 'CallExpression') && path.name !== 'callee') {
    return TLS_CONSUMERS.test(calleeText(parent['callee'] as RangedNode));
  }
  if ((parent.type === 'ObjectProperty' || parent.type === 'Property') && keyName(parent) === 'agentOptions') return true;
  if (parent.type === 'VariableDeclarator' && (parent['id'] as RangedNode).type === 'Identifier') {
    const name = (parent['id'] as RangedNode)['name'] as string;
    let feeds = false;
    root.find(j.Identifier, { name }).forEach((use: ASTPath) => {
      const holder = use.parent?.node as RangedNode | undefined;
      if (holder && (holder.type === 'NewExpression' || holder.type === 'CallExpression') && use.name !== 'callee') {
        feeds ||= TLS_CONSUMERS.test(calleeText(holder['callee'] as RangedNode));
      }
    });
    return feeds;
  }
  return false;
}

function calleeText(callee: RangedNode): string {
  if (callee.type === 'Identifier') return callee['name'] as string;
  if (callee.type === 'MemberExpression') return `${calleeText(callee['object'] as RangedNode)}.${keyName({ type: 'x', key: callee['property'] })}`;
  return '';
}

function keyName(property: RangedNode): string {
  const key = property['key'] as RangedNode;
  return (key['name'] ?? key['value'] ?? '') as string;
}

/** Hosts the file names: URLs with a scheme anywhere, bare names only as host/hostname/servername values. */
function hostsNamedIn(j: JSCodeshift, root: Collection): string[] {
  const hosts = new Set<string>();
  const consider = (value: string, complete: boolean, path: ASTPath): void => {
    const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value);
    const parent = path.parent?.node as RangedNode | undefined;
    const isHostOption = !!parent && (parent.type === 'ObjectProperty' || parent.type === 'Property') && /^(host|hostname|servername)$/.test(keyName(parent));
    if (!hasScheme && !isHostOption) return;
    const host = hostOf(value, complete);
    if (host) hosts.add(host);
  };
  root.find(j.StringLiteral).forEach((path: ASTPath) => consider(String((path.node as unknown as RangedNode)['value']), true, path));
  root.find(j.Literal).forEach((path: ASTPath) => {
    const value = (path.node as unknown as RangedNode)['value'];
    if (typeof value === 'string') consider(value, true, path);
  });
  root.find(j.TemplateLiteral).forEach((path: ASTPath) => {
    const quasis = (path.node as unknown as RangedNode)['quasis'] as RangedNode[];
    const head = quasis[0]?.['value'] as { cooked?: string } | undefined;
    if (head?.cooked !== undefined) consider(head.cooked, quasis.length === 1, path);
  });
  return [...hosts];
}

function isSuppressed(source: string, start: number): boolean {
  const line = lineOf(source, start);
  return /wechat-unpin-ignore-next-line/.test(line > 1 ? lineText(source, line - 1) : '') || /wechat-unpin-ignore-file/.test(source.slice(0, 500));
}

// TypeScript's compiler API for the scanner, without ts-morph. The scanner uses `ts` alone (its own
// program, program.ts), and loading ts-morph costs a pre-commit run about a third of its time and
// 40 MB: ts-morph.js and its 3 MB helper bundle, and Node's scan of ts-morph.js for its export names
// on every ESM import of it. This module loads the very TypeScript ts-morph bundles (so a later
// `import ... from 'ts-morph'` in the same process shares it), from V8's code cache (compile-cache.ts).
//
// `ts` is both the value and, for types, the namespace: the types the code names are listed below (a
// new one is one more line; the compiler says which is missing).
import type { ts as TypeScript } from 'ts-morph';
import { loadTypeScript } from '../typescript-loader.ts';

export const ts = loadTypeScript();

export declare namespace ts {
  export type ArrayLiteralExpression = TypeScript.ArrayLiteralExpression;
  export type ArrowFunction = TypeScript.ArrowFunction;
  export type BinaryExpression = TypeScript.BinaryExpression;
  export type BindingName = TypeScript.BindingName;
  export type Block = TypeScript.Block;
  export type CallExpression = TypeScript.CallExpression;
  export type ClassElement = TypeScript.ClassElement;
  export type ClassExpression = TypeScript.ClassExpression;
  export type ClassLikeDeclaration = TypeScript.ClassLikeDeclaration;
  export type CommaListExpression = TypeScript.CommaListExpression;
  export type CompilerHost = TypeScript.CompilerHost;
  export type CompilerOptions = TypeScript.CompilerOptions;
  export type ComputedPropertyName = TypeScript.ComputedPropertyName;
  export type ConditionalExpression = TypeScript.ConditionalExpression;
  export type ConstructorDeclaration = TypeScript.ConstructorDeclaration;
  export type Declaration = TypeScript.Declaration;
  export type Diagnostic = TypeScript.Diagnostic;
  export type ElementAccessExpression = TypeScript.ElementAccessExpression;
  export type EnumMember = TypeScript.EnumMember;
  export type ExportAssignment = TypeScript.ExportAssignment;
  export type Expression = TypeScript.Expression;
  export type ExpressionStatement = TypeScript.ExpressionStatement;
  export type ForInStatement = TypeScript.ForInStatement;
  export type ForOfStatement = TypeScript.ForOfStatement;
  export type FunctionLikeDeclarationBase = TypeScript.FunctionLikeDeclarationBase;
  export type HasDecorators = TypeScript.HasDecorators;
  export type Identifier = TypeScript.Identifier;
  export type JsxEmit = TypeScript.JsxEmit;
  export type MethodDeclaration = TypeScript.MethodDeclaration;
  export type ModuleKind = TypeScript.ModuleKind;
  export type ModuleResolutionKind = TypeScript.ModuleResolutionKind;
  export type NewExpression = TypeScript.NewExpression;
  export type Node = TypeScript.Node;
  export type NumericLiteral = TypeScript.NumericLiteral;
  export type ObjectLiteralElementLike = TypeScript.ObjectLiteralElementLike;
  export type ObjectLiteralExpression = TypeScript.ObjectLiteralExpression;
  export type ParameterDeclaration = TypeScript.ParameterDeclaration;
  export type ParenthesizedExpression = TypeScript.ParenthesizedExpression;
  export type PrefixUnaryExpression = TypeScript.PrefixUnaryExpression;
  export type Program = TypeScript.Program;
  export type PropertyAccessExpression = TypeScript.PropertyAccessExpression;
  export type PropertyAssignment = TypeScript.PropertyAssignment;
  export type PropertyDeclaration = TypeScript.PropertyDeclaration;
  export type PropertyName = TypeScript.PropertyName;
  export type ReturnStatement = TypeScript.ReturnStatement;
  export type ScriptKind = TypeScript.ScriptKind;
  export type ScriptTarget = TypeScript.ScriptTarget;
  export type SetAccessorDeclaration = TypeScript.SetAccessorDeclaration;
  export type ShorthandPropertyAssignment = TypeScript.ShorthandPropertyAssignment;
  export type SignatureDeclaration = TypeScript.SignatureDeclaration;
  export type SourceFile = TypeScript.SourceFile;
  export type Statement = TypeScript.Statement;
  export type StringLiteralLike = TypeScript.StringLiteralLike;
  export type SwitchStatement = TypeScript.SwitchStatement;
  export type Symbol = TypeScript.Symbol;
  export type SyntaxKind = TypeScript.SyntaxKind;
  export type TaggedTemplateExpression = TypeScript.TaggedTemplateExpression;
  export type TemplateExpression = TypeScript.TemplateExpression;
  export type TypeChecker = TypeScript.TypeChecker;
  export type VariableDeclaration = TypeScript.VariableDeclaration;
  export type YieldExpression = TypeScript.YieldExpression;
}

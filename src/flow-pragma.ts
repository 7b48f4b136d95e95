// Flow files: JavaScript marked `// @flow` (or `/* @flow */`) among the comments at its top.
const FLOW_PRAGMA = /^\s*(?:\/\/[^\n]*\n\s*|\/\*[\s\S]*?\*\/\s*)*?(?:\/\/|\/\*+)\s*@flow\b/;

export function isFlowFile(file: string, text: string): boolean {
  return /\.(js|jsx|mjs|cjs)$/.test(file) && FLOW_PRAGMA.test(text);
}

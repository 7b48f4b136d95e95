// Environment settings in a shell command line, as package.json scripts, Dockerfile RUN/CMD and
// Compose `command:` write them:
//   NAME=0 node app.js            a prefix: set for that command
//   export NAME=0; node app.js    exported: set for every command after it
//   env [-i] NAME=0 node app.js   cross-env NAME=0 node app.js   npx cross-env NAME=0 …
//   set NAME=0&& node app.js      cmd.exe (npm runs scripts there on Windows)
//   sh -c "NAME=0 node app.js"    a shell's script, read in turn
// A bare `NAME=0` with no command after it sets a shell variable no child process sees: not a setting.
// Words are read as a POSIX shell reads them: quotes removed, backslash escapes, $VAR expanded from
// what the caller knows; a word whose expansion is unknown has no value.
import { type Lookup, NOTHING_KNOWN, readReference } from './expand.ts';
import { type Mapped, MappedBuilder } from './positions.ts';
import type { Found } from './types.ts';

export interface Word {
  /** After quote removal and expansion; undefined when it depends on something unknown. */
  value: string | undefined;
  /** `value` with the source offset of each character, to read a word that is itself a script (`sh -c`). */
  mapped: Mapped | undefined;
  start: number;
  end: number;
  /** Starts with an unquoted NAME=: before a command, a shell reads it as an assignment. */
  assignment: boolean;
}

interface Operator {
  operator: string;
  start: number;
}

type Token = Word | Operator;

const OPERATORS = ['&&', '||', ';;', ';', '|', '&', '\n', '(', ')'];
const BREAKS = new Set([' ', '\t', '\r', '\n', ';', '&', '|', '(', ')']);
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

/** Commands that set variables for the command they run: `env`, `cross-env`. */
const ENV_SETTERS = new Set(['env', 'cross-env', 'cross-env-shell']);
/** `env` options that take an argument. */
const ENV_OPTIONS_WITH_ARGUMENT = new Set(['-u', '--unset', '-C', '--chdir', '-S', '--split-string']);
/** Commands that run another command (their options skipped): `npx cross-env …`, `pnpm exec …`. */
const LAUNCHERS = new Map<string, readonly string[]>([['npx', []], ['bunx', []], ['pnpx', []], ['pnpm', ['exec', 'dlx']], ['yarn', ['exec', 'dlx']]]);
/** Shells whose `-c` argument is a script. */
const SHELLS = new Set(['sh', 'bash', 'dash', 'ash', 'zsh', 'ksh']);
/** Options on a command line that are worth a note. */
export const NODE_TRUST_OPTIONS = ['--use-openssl-ca', '--use-system-ca'];

/** Settings in a shell script; offsets are into `script`. */
export function shellSettings(script: string, lookup: Lookup = NOTHING_KNOWN): Found[] {
  const found: Found[] = [];
  let command: Word[] = [];
  const flush = (): void => {
    simpleCommand(script, command, found);
    command = [];
  };
  for (const token of tokenize(script, lookup, true)) {
    if ('operator' in token) flush();
    else command.push(token);
  }
  flush();
  return found;
}

/**
 * Settings in a command given as an argument vector (Dockerfile exec form, Compose `command:` lists):
 * no shell reads it, so a leading NAME=0 is a program name, not an assignment.
 */
export function argvSettings(words: readonly Word[]): Found[] {
  const found: Found[] = [];
  commandWords(words.map((word) => ({ ...word, assignment: false })), found);
  return found;
}

/** Splits text into words as a shell does, with operators (`&&`, `;`, newlines) when `operators`. */
export function tokenize(text: string, lookup: Lookup, operators: boolean): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\\' && text[i + 1] === '\n') {
      i += 2; // a line continuation
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || (c === '\n' && !operators)) {
      i++;
      continue;
    }
    if (operators && c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    const operator = operators ? OPERATORS.find((candidate) => text.startsWith(candidate, i)) : undefined;
    if (operator) {
      tokens.push({ operator, start: i });
      i += operator.length;
      continue;
    }
    const word = readWord(text, i, lookup, operators);
    tokens.push(word);
    i = word.end;
  }
  return tokens;
}

function readWord(text: string, start: number, lookup: Lookup, operators: boolean): Word {
  const out = new MappedBuilder();
  let known = true;
  let i = start;
  const expandAt = (): void => {
    const reference = readReference(text, i, lookup);
    if (!reference) {
      out.push('$', i);
      i++;
      return;
    }
    if (reference.value === undefined) known = false;
    else out.push(reference.value, i);
    i += reference.length;
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || (operators && BREAKS.has(c)) || (!operators && (c === '\n' || c === '\r'))) break;
    if (c === '\\') {
      if (text[i + 1] !== '\n') out.push(text[i + 1] ?? '', i + 1);
      i += 2;
    } else if (c === "'") {
      const close = closing(text, i + 1, "'");
      for (let j = i + 1; j < close; j++) out.push(text[j]!, j);
      i = close + 1;
    } else if (c === '"') {
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\' && '"\\$`\n'.includes(text[i + 1] ?? '')) {
          if (text[i + 1] !== '\n') out.push(text[i + 1]!, i + 1);
          i += 2;
        } else if (text[i] === '$' && text[i + 1] !== '(') expandAt();
        else if (text[i] === '$' || text[i] === '`') {
          known = false; // command substitution: its output is unknown
          i = skipSubstitution(text, i);
        } else {
          out.push(text[i]!, i);
          i++;
        }
      }
      i++;
    } else if (c === '$' && text[i + 1] !== '(') expandAt();
    else if (c === '$' || c === '`') {
      known = false;
      i = skipSubstitution(text, i);
    } else {
      out.push(c, i);
      i++;
    }
  }
  const end = Math.min(i, text.length);
  const mapped = out.build(end);
  return { value: known ? mapped.text : undefined, mapped: known ? mapped : undefined, start, end, assignment: ASSIGNMENT.test(text.slice(start, end)) };
}

/** Index of the next `quote` from `from`, or the end of the text. */
function closing(text: string, from: number, quote: string): number {
  const at = text.indexOf(quote, from);
  return at < 0 ? text.length : at;
}

/** Past a `$( … )` or a backtick substitution starting at i. */
function skipSubstitution(text: string, i: number): number {
  if (text[i] === '`') return closing(text, i + 1, '`') + 1;
  let depth = 0;
  for (let j = i + 1; j < text.length; j++) {
    if (text[j] === '(') depth++;
    else if (text[j] === ')' && --depth === 0) return j + 1;
  }
  return text.length;
}

/** One simple command of a shell script: prefix assignments, then the command and its arguments. */
function simpleCommand(script: string, words: readonly Word[], found: Found[]): void {
  let i = 0;
  while (i < words.length && words[i]!.assignment) i++;
  if (i === words.length) return; // only assignments: shell variables, never exported
  for (const word of words.slice(0, i)) found.push(...assignmentOf(word));
  // cmd.exe keeps the spaces before `&&` in the value: `set NAME=0 && node` sets '0 ', which keeps checks on.
  if (words[i]!.value?.toLowerCase() === 'set') {
    for (const word of words.slice(i + 1).filter(isAssignmentText)) {
      const trailing = /^[ \t]*/.exec(script.slice(word.end))![0];
      const ends = word.end + trailing.length === script.length;
      found.push(...assignmentOf(word, ends ? '' : trailing));
    }
    return;
  }
  commandWords(words.slice(i), found);
}

/** A command and its arguments: what it sets for itself or the command it runs, and the options it is given. */
function commandWords(words: readonly Word[], found: Found[]): void {
  const [command, ...args] = words;
  if (!command) return;
  const name = command.value?.split('/').pop() ?? '';
  if (name === 'export') {
    for (const word of args.filter(isAssignmentText)) found.push(...assignmentOf(word));
    return;
  }
  if (ENV_SETTERS.has(name)) {
    let i = 0;
    while (i < args.length && args[i]!.value?.startsWith('-') && !isAssignmentText(args[i]!)) {
      i += ENV_OPTIONS_WITH_ARGUMENT.has(args[i]!.value!) ? 2 : 1;
    }
    while (i < args.length && isAssignmentText(args[i]!)) found.push(...assignmentOf(args[i++]!));
    commandWords(args.slice(i), found);
    return;
  }
  const launcher = LAUNCHERS.get(name);
  if (launcher) {
    let i = launcher.includes(args[0]?.value ?? '') ? 1 : 0;
    while (i < args.length && args[i]!.value?.startsWith('-')) i++;
    commandWords(args.slice(i), found);
    return;
  }
  if (SHELLS.has(name)) {
    const script = args.findIndex((word) => word.value !== undefined && /^-[a-z]*c[a-z]*$/.test(word.value));
    const mapped = script >= 0 ? args[script + 1]?.mapped : undefined;
    if (mapped) {
      for (const item of shellSettings(mapped.text)) found.push({ ...item, ...mapped.range(item.start, item.end) });
    }
  }
  for (const word of args) {
    if (word.value !== undefined && NODE_TRUST_OPTIONS.includes(word.value)) found.push({ type: 'option', option: word.value, start: word.start, end: word.end });
  }
}

function isAssignmentText(word: Word): boolean {
  return word.value !== undefined && ASSIGNMENT.test(word.value);
}

/** NAME=value as a setting; nothing when an expansion in it is unknown (its value could be anything). */
function assignmentOf(word: Word, suffix = ''): Found[] {
  if (word.value === undefined) return [];
  const equals = word.value.indexOf('=');
  return [{ type: 'env', variable: word.value.slice(0, equals), value: word.value.slice(equals + 1) + suffix, start: word.start, end: word.end }];
}

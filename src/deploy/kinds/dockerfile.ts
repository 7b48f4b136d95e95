// Dockerfiles and Containerfiles, read line by line as BuildKit does: parser directives (`# escape=`),
// comment lines, continuation lines (removed comment lines inside them too), heredocs. Then:
//   ENV NAME=value [NAME=value …]   ENV NAME value        (legacy form: the rest of the line)
//   ARG NAME=default                 build time: every RUN after it in the stage sees it
//   RUN / CMD / ENTRYPOINT           shell form read as a shell script, exec form as an argv
// Values are expanded from the ARG and ENV values known at that point of the stage (`${TLS:-0}`).
import type { Lookup } from '../expand.ts';
import { decodeJsonString, type Mapped, MappedBuilder } from '../positions.ts';
import { argvSettings, shellSettings, tokenize, type Word } from '../shell.ts';
import type { DeploymentKind, Found } from '../types.ts';

interface Instruction {
  keyword: string;
  /** The arguments, continuation lines joined, mapped to the file. */
  args: Mapped;
  /** Heredoc bodies (`RUN <<EOF … EOF`), mapped to the file. */
  heredocs: { command: string; body: Mapped }[];
}

export const dockerfile: DeploymentKind = {
  meta: {
    id: 'dockerfile',
    description: 'Dockerfiles and Containerfiles: ENV (both forms), ARG defaults, and settings in RUN, CMD and ENTRYPOINT commands',
  },
  find(text) {
    const found: Found[] = [];
    // What each stage has set so far; ARGs exist while the image builds, ENVs in the container too.
    type Variables = Map<string, { value: string | undefined; arg: boolean }>;
    let globals: Variables = new Map(); // ARGs before the first FROM: only a stage's `ARG NAME` brings one in
    let stage: Variables = new Map();
    let inStage = false;
    const buildTime: Lookup = (name) => stage.get(name)?.value;
    const runTime: Lookup = (name) => (stage.get(name)?.arg ? undefined : stage.get(name)?.value);
    for (const instruction of instructions(text)) {
      const { keyword, args } = instruction;
      if (keyword === 'FROM') {
        if (!inStage) globals = stage;
        inStage = true;
        stage = new Map();
      } else if (keyword === 'ENV' || keyword === 'ARG') {
        const arg = keyword === 'ARG';
        for (const pair of pairs(args, buildTime, !arg)) {
          const value = arg && pair.value === undefined ? globals.get(pair.variable)?.value : pair.value;
          stage.set(pair.variable, { value, arg });
          if (inStage) found.push({ ...pair, value });
        }
      } else if (keyword === 'RUN') {
        found.push(...commandSettings(instruction, buildTime));
      } else if (keyword === 'CMD' || keyword === 'ENTRYPOINT') {
        found.push(...commandSettings(instruction, runTime));
      }
    }
    return found;
  },
};

/** ENV/ARG arguments: NAME=value pairs, or (ENV only) the legacy `NAME rest of the line`. */
function pairs(args: Mapped, lookup: Lookup, isEnv: boolean): (Found & { type: 'env' })[] {
  const words = tokenize(args.text, lookup, false) as Word[];
  const first = words[0];
  if (!first) return [];
  const legacy = isEnv && !args.text.slice(first.start, first.end).includes('=');
  if (legacy) {
    const rest = words.slice(1);
    const value = rest.some((word) => word.value === undefined) ? undefined : rest.map((word) => word.value).join(' ');
    return [{ type: 'env', variable: first.value ?? '', value, ...args.range(first.start, rest.at(-1)?.end ?? first.end) }];
  }
  return words.map((word) => {
    const raw = args.text.slice(word.start, word.end);
    // `ARG NAME` (no `=`) has no value of its own.
    const value = raw.includes('=') ? word.value?.slice(word.value.indexOf('=') + 1) : undefined;
    return { type: 'env' as const, variable: /^[^=]+/.exec(raw)?.[0] ?? '', value, ...args.range(word.start, word.end) };
  });
}

/** RUN, CMD, ENTRYPOINT: an exec-form JSON array, else a shell command; and shell heredocs. */
function commandSettings(instruction: Instruction, lookup: Lookup): Found[] {
  const { args } = instruction;
  const moved = (items: Found[], from: Mapped): Found[] => items.map((item) => ({ ...item, ...from.range(item.start, item.end) }));
  const found: Found[] = [];
  const argv = execForm(args);
  if (argv) found.push(...moved(argvSettings(argv), args));
  else found.push(...moved(shellSettings(args.text, lookup), args));
  for (const heredoc of instruction.heredocs) {
    if (heredoc.command === '' || /^(?:\/bin\/)?(?:sh|bash|ash|dash)$/.test(heredoc.command)) {
      found.push(...moved(shellSettings(heredoc.body.text, lookup), heredoc.body));
    }
  }
  return found;
}

/** The words of an exec-form JSON array (offsets into args.text), or undefined for the shell form. */
function execForm(args: Mapped): Word[] | undefined {
  const text = args.text.trim();
  if (!text.startsWith('[')) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (!Array.isArray(parsed) || !parsed.every((item) => typeof item === 'string')) return undefined;
  } catch {
    return undefined; // Docker runs it as a shell command then
  }
  const words: Word[] = [];
  for (const match of args.text.matchAll(/"(?:[^"\\]|\\.)*"/g)) {
    const mapped = decodeJsonString(args.text, match.index);
    const start = match.index + 1;
    words.push({ value: mapped.text, mapped, start, end: start + match[0].length - 2, assignment: false });
  }
  return words;
}

/** The instructions of a Dockerfile, in order, with keywords upper-cased. */
export function instructions(text: string): Instruction[] {
  const lines = splitLines(text);
  const escape = escapeCharacter(lines);
  const result: Instruction[] = [];
  let i = 0;
  const isComment = (line: string): boolean => /^[ \t]*#/.test(line);
  while (i < lines.length) {
    const first = lines[i]!;
    if (first.text.trim() === '' || isComment(first.text)) {
      i++;
      continue;
    }
    const logical = new MappedBuilder();
    let end = first.start;
    for (;;) {
      const line = lines[i++]!;
      const content = line.text.replace(/[ \t]+$/, '');
      const continues = content.endsWith(escape);
      const kept = continues ? content.slice(0, -1) : line.text;
      for (let k = 0; k < kept.length; k++) logical.push(kept[k]!, line.start + k);
      end = line.start + kept.length;
      if (!continues) break;
      // Comment and empty lines inside a continued instruction are dropped, as Docker does.
      while (i < lines.length && (isComment(lines[i]!.text) || lines[i]!.text.trim() === '')) i++;
      if (i >= lines.length) break;
    }
    const whole = logical.build(end);
    const keyword = /^[ \t]*(\S+)/.exec(whole.text)?.[1] ?? '';
    const argsStart = /^[ \t]*\S+[ \t]*/.exec(whole.text)?.[0].length ?? 0;
    const args = sliceMapped(whole, argsStart);
    const heredocs: Instruction['heredocs'] = [];
    for (const match of args.text.matchAll(/<<(-?)(["']?)([A-Za-z_][A-Za-z0-9_]*)\2/g)) {
      const command = args.text.slice(0, match.index).trim().split(/\s+/)[0] ?? '';
      const body = new MappedBuilder();
      let bodyEnd = lines[i]?.start ?? text.length;
      while (i < lines.length) {
        const line = lines[i++]!;
        const content = match[1] ? line.text.replace(/^\t+/, '') : line.text;
        if (content.replace(/\r$/, '') === match[3]) break;
        for (let k = 0; k < line.text.length; k++) body.push(line.text[k]!, line.start + k);
        body.push('\n', line.start + line.text.length);
        bodyEnd = line.start + line.text.length;
      }
      heredocs.push({ command: match.index === 0 ? '' : command, body: body.build(bodyEnd) });
    }
    result.push({ keyword: keyword.toUpperCase(), args, heredocs });
  }
  return result;
}

function splitLines(text: string): { text: string; start: number }[] {
  const lines: { text: string; start: number }[] = [];
  let start = 0;
  for (const line of text.split('\n')) {
    lines.push({ text: line.replace(/\r$/, ''), start });
    start += line.length + 1;
  }
  return lines;
}

/** `# escape=\`` among the parser directives at the top (Windows images); a backslash otherwise. */
function escapeCharacter(lines: readonly { text: string }[]): string {
  for (const { text } of lines) {
    const directive = /^#[ \t]*([A-Za-z]+)[ \t]*=[ \t]*(\S+)[ \t]*$/.exec(text);
    if (!directive) break;
    if (directive[1]!.toLowerCase() === 'escape') return directive[2]!;
  }
  return '\\';
}

function sliceMapped(mapped: Mapped, from: number): Mapped {
  const out = new MappedBuilder();
  for (let i = from; i < mapped.text.length; i++) out.push(mapped.text[i]!, mapped.at(i));
  return out.build(mapped.at(mapped.text.length));
}

// Whether the terminal report is coloured. picocolors decides once, at import, from argv and the
// environment, and takes FORCE_COLOR=0 for "on" (any non-empty value counts), so the decision is made
// here instead, in this order:
//   1. --color / --no-color
//   2. NO_COLOR set and not empty → off (https://no-color.org)
//   3. FORCE_COLOR: `0` or `false` → off; any other value, empty included → on (as Node and chalk read it)
//   4. otherwise on when stdout is a terminal and TERM is not `dumb`
export function colorWanted(flag: boolean | undefined, env: NodeJS.ProcessEnv, stdoutIsTTY: boolean): boolean {
  if (flag !== undefined) return flag;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  return stdoutIsTTY && env.TERM !== 'dumb';
}

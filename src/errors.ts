/**
 * An error the user can act on: a bad path, option or config. The CLI prints its message on one line
 * and exits 2; anything else is a bug and is printed with its stack.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

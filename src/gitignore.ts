// .gitignore files, nested ones too, applied as git does: a folder's rules speak of paths below it,
// deeper files can re-include (`!pattern`) what shallower ones excluded, and nothing under an
// excluded folder comes back. globby's own `gitignore: true` walks the tree a second time and costs
// three quarters of discovery on a large tree; here the .gitignore files come from the same walk.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Ignore } from 'ignore';

export class GitignoreRules {
  private constructor(private readonly byFolder: ReadonlyMap<string, Ignore>) {}

  /** Rules from these .gitignore files (absolute paths); a file that cannot be read adds none. */
  static async load(gitignoreFiles: readonly string[]): Promise<GitignoreRules> {
    const byFolder = new Map<string, Ignore>();
    if (gitignoreFiles.length === 0) return new GitignoreRules(byFolder);
    // Loaded here: a run that names its files, or a tree without .gitignore files, never needs it.
    const { default: ignore } = await import('ignore');
    for (const file of gitignoreFiles) {
      try {
        byFolder.set(path.dirname(file), ignore().add(await readFile(file, 'utf8')));
      } catch {
        // unreadable: git would not apply it either
      }
    }
    return new GitignoreRules(byFolder);
  }

  /** Is `file` (absolute, below `root`) ignored by the .gitignore files from `root` down? */
  ignores(root: string, file: string): boolean {
    if (this.byFolder.size === 0) return false;
    const parts = path.relative(root, file).split(path.sep);
    // Each folder on the way down, and then the file itself.
    for (let depth = 1; depth <= parts.length; depth++) {
      const isFile = depth === parts.length;
      const target = parts.slice(0, depth);
      if (this.decides(root, target, isFile)) return true;
    }
    return false;
  }

  /** Whether the path `target` (parts below root) ends up ignored by the rules of its ancestors. */
  private decides(root: string, target: string[], isFile: boolean): boolean {
    let ignored = false;
    for (let level = 0; level < target.length; level++) {
      const rules = this.byFolder.get(path.join(root, ...target.slice(0, level)));
      if (!rules) continue;
      const relative = target.slice(level).join('/') + (isFile ? '' : '/');
      const verdict = rules.test(relative);
      if (verdict.ignored) ignored = true;
      else if (verdict.unignored) ignored = false;
    }
    return ignored;
  }
}

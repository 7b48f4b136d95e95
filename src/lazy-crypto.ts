// node:crypto on first use: most runs have no finding to hash an id for, no certificate to read, no
// shard and no file to write, and loading it at start-up cost a pre-commit run ~3 ms (2% of it).
import { createRequire } from 'node:module';

let loaded: typeof import('node:crypto') | undefined;

export function nodeCrypto(): typeof import('node:crypto') {
  return (loaded ??= createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto'));
}

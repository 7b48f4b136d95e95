// --shard i/n: a deterministic split for a CI matrix. A file belongs to the shard its path hashes to,
// so adding a file moves no other file. Every shard still reads the whole tree as context (a host
// constant may live in another shard's file); only the findings reported and fixed are split, so the
// union of all shards' findings is the whole run's.
import { nodeCrypto } from './lazy-crypto.ts';
import { UsageError } from './errors.ts';

export interface Shard {
  index: number;
  count: number;
}

export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count) {
    throw new UsageError(`--shard ${JSON.stringify(text)} is not i/n with 1 <= i <= n (for example --shard 2/4)`);
  }
  return { index, count };
}

/** `key` is the file's path relative to the working directory, so every machine agrees. */
export function inShard(key: string, shard: Shard): boolean {
  if (shard.count === 1) return true;
  const hash = nodeCrypto().createHash('sha1').update(key).digest().readUInt32BE(0);
  return (hash % shard.count) + 1 === shard.index;
}

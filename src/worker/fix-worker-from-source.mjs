// The fix worker when wechat-unpin runs from its TypeScript source (this repository's tests, under
// tsx). Node 20 does not hand a parent's `--import tsx` hooks to a worker, so the worker registers tsx
// itself before loading the real entry. Never used from the built package (dist has fix-worker.js).
const { register } = await import('tsx/esm/api');
register();
await import('./fix-worker.ts');

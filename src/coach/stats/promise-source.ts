// Where stats get promise outcomes from: the promises feature's repository. Kept in one place so
// the stats code does not care how promises are stored.

import type { PromiseSource } from './weekly-stats.ts';

/** Undefined until the promises feature is part of this build; stats then leave promise columns out. */
export const PROMISE_SOURCE: PromiseSource | undefined = undefined;

// Where stats get promise outcomes from: the promises feature's repository. Kept in one place so
// the stats code does not care how promises are stored.

import { promiseCountsByAgent } from '../../store/promise-counts-repo.ts';
import type { PromiseSource } from './weekly-stats.ts';

export const PROMISE_SOURCE: PromiseSource | undefined = promiseCountsByAgent;

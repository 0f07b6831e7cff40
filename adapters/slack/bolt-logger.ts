// Bolt and WebClient log through ours. Their debug lines can carry request bodies (customer details
// typed into a command), so debug is dropped, never forwarded.

import { LogLevel } from '@slack/bolt';
import type { Logger } from '../../src/logger.ts';

export function toBoltLogger(logger: Logger) {
  const join = (msgs: unknown[]) => msgs.map((m) => (typeof m === 'string' ? m : m instanceof Error ? m.message : JSON.stringify(m))).join(' ');
  return {
    debug: () => {},
    info: (...msgs: unknown[]) => logger.info(join(msgs)),
    warn: (...msgs: unknown[]) => logger.warn(join(msgs)),
    error: (...msgs: unknown[]) => logger.error(join(msgs)),
    setLevel: () => {},
    getLevel: () => LogLevel.INFO,
    setName: () => {},
  };
}

// Structured logs: one JSON object per line when the output is a pipe or file (for log shippers),
// a short readable line when a person is watching a terminal. Never pass secrets or customer text.

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

export interface LoggerOptions {
  level?: LogLevel;
  /** Where lines go; stderr by default so stdout stays the console chat. */
  write?: (line: string) => void;
  pretty?: boolean;
}

// Field names whose values must never reach a log, whatever a caller passes by mistake.
const SECRET_KEY = /token|secret|password|authorization|signature/i;

function serialise(value: unknown): unknown {
  if (value instanceof Error) {
    const coded = value as Error & { code?: unknown };
    return { name: value.name, message: value.message, code: coded.code, stack: value.stack };
  }
  return value;
}

export function createLogger(options: LoggerOptions = {}, bound: LogFields = {}): Logger {
  const level = options.level ?? 'info';
  const write = options.write ?? ((line: string) => process.stderr.write(line + '\n'));
  const pretty = options.pretty ?? false;

  const emit = (lvl: Exclude<LogLevel, 'silent'>, msg: string, fields?: LogFields) => {
    if (ORDER[lvl] < ORDER[level]) return;
    const all: LogFields = { ...bound, ...fields };
    for (const key of Object.keys(all)) {
      all[key] = SECRET_KEY.test(key) ? '[redacted]' : serialise(all[key]);
    }
    if (pretty) {
      const extras = Object.entries(all)
        .filter(([key]) => key !== 'stack')
        .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
        .join(' ');
      const time = new Date().toISOString().slice(11, 19);
      write(`${time} ${lvl.toUpperCase().padEnd(5)} ${msg}${extras ? '  ' + extras : ''}`);
    } else {
      write(JSON.stringify({ time: new Date().toISOString(), level: lvl, msg, ...all }));
    }
  };

  return {
    debug: (msg, fields) => emit('debug', msg, fields),
    info: (msg, fields) => emit('info', msg, fields),
    warn: (msg, fields) => emit('warn', msg, fields),
    error: (msg, fields) => emit('error', msg, fields),
    child: (fields) => createLogger(options, { ...bound, ...fields }),
  };
}

export const silentLogger: Logger = createLogger({ level: 'silent' });

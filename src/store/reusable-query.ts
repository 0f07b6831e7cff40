// The hottest statements (each /promise-callback's inserts, each reminder's reads and its "sent"
// event) built and compiled by Kysely once per shape, then only given new values. Kysely builds an
// operation tree and compiles it to SQL on every call; for the five-row ladder insert that was
// 60 µs of CPU per call against 90 µs for executing it (3,000 calls in a loop, 2-core machine), and
// Kysely's own code was a tenth of the coach's CPU per command in a profile of `npm run bench --
// slack`. With it the coach went from 80 % to 88 % of the baseline's CPU per command, 69 % to 104 %
// of its throughput (median round), and a PostgreSQL replica from 1,230 to 1,008 µs per reminder:
// bench/README.md, "CPU per command and per reminder".
//
// How: the query is built with a marker string for each value (`param('name')`), compiled, and each
// compiled parameter that is a marker becomes a slot filled from `values` at run time; parameters
// Kysely made of constants in the query (a status written as a value) stay as compiled. The SQL
// text is the one Kysely compiles for this database's dialect.

import { CompiledQuery, type Compilable, type QueryResult } from 'kysely';
import { dialectOf, type Db } from './open-store.ts';
import { CodedError } from '../errors.ts';

const MARK = '\u0000coach-value:';

/** A stand-in for a value in a reusable query's builder; its real value comes from `values`. */
export function param<T = never>(name: string): T {
  return `${MARK}${name}` as unknown as T;
}

/** A row for a reusable insert: each column's value is the stand-in of the same name. */
export const paramsOf = <T extends object>(row: T): T => Object.fromEntries(Object.keys(row).map((column) => [column, param(column)])) as T;

interface Template {
  sql: string;
  /** A slot is filled from `values[name]`, or holds a constant of the compiled query. */
  slots: { name?: string; constant?: unknown }[];
}

const templates = new Map<string, Template>();
/** Shapes are few (a few dozen keys, some with a row count); the bound is a safety net. */
const MAX_TEMPLATES = 500;

/**
 * Run the query `build` makes, compiled once per `key` and dialect. `key` must name one shape: the
 * same builder with the same number of rows, columns and conditions every time.
 */
export function runReusable<R>(db: Db, key: string, build: () => Compilable<R>, values: Readonly<Record<string, unknown>>): Promise<QueryResult<R>> {
  const cacheKey = `${dialectOf(db)}:${key}`;
  let template = templates.get(cacheKey);
  if (!template) {
    const compiled = build().compile();
    const slots = compiled.parameters.map((value) => (typeof value === 'string' && value.startsWith(MARK) ? { name: value.slice(MARK.length) } : { constant: value }));
    for (const { name } of slots) if (name !== undefined && !(name in values)) throw new CodedError('INTERNAL', `reusable query ${key}: no value for ${name}`);
    template = { sql: compiled.sql, slots };
    if (templates.size >= MAX_TEMPLATES) templates.clear();
    templates.set(cacheKey, template);
  }
  const parameters = template.slots.map(({ name, constant }) => (name === undefined ? constant : values[name]));
  return db.executeQuery<R>(CompiledQuery.raw(template.sql, parameters));
}

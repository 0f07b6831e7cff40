// What a job is about, as stored in jobs.subject: built here only, so a query that looks jobs up
// by subject and the code that schedules them can never spell it differently.

import { sql } from 'kysely';
import type { Address, Platform } from '../ports.ts';

export function channelSubject(address: Pick<Address, 'platform' | 'workspaceId' | 'key'>): string {
  return `channel:${address.platform}:${address.workspaceId}:${address.key}`;
}

export function promiseSubject(promiseId: number): string {
  return `promise:${promiseId}`;
}

export function digestSubject(platform: Platform, workspaceId: string, userId: string): string {
  return `digest:${platform}:${workspaceId}:${userId}`;
}

export function discussionSubject(address: Pick<Address, 'platform' | 'workspaceId' | 'key'>): string {
  return `discussion:${address.platform}:${address.workspaceId}:${address.key}`;
}

export function statsSubject(platform: Platform, workspaceId: string, userId: string): string {
  return `stats:${platform}:${workspaceId}:${userId}`;
}

// The same subjects built inside a query from a row's columns (`'promise:' || p.id`), for the
// start-up repairs that look for rows without a live job: one index lookup each, no id lists.
export const promiseSubjectSql = (idColumn: string) => sql<string>`'promise:' || ${sql.ref(idColumn)}`;
const addressSubjectSql = (prefix: string, table: string) =>
  sql<string>`${sql.lit(`${prefix}:`)} || ${sql.ref(`${table}.platform`)} || ':' || ${sql.ref(`${table}.workspace_id`)} || ':' || ${sql.ref(`${table}.address_key`)}`;
export const channelSubjectSql = (table: string) => addressSubjectSql('channel', table);
export const discussionSubjectSql = (table: string) => addressSubjectSql('discussion', table);

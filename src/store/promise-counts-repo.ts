// Per-agent promise numbers for a period: what the managers' stats and the dashboard count.

import { sql } from 'kysely';
import type { Platform } from '../ports.ts';
import type { Db } from './open-store.ts';

export interface PromiseCounts {
  agentId: string;
  agentName: string | null;
  made: number;
  kept: number;
  late: number;
  missed: number;
  renegotiated: number;
  cancelled: number;
  open: number;
}

/**
 * Per-agent promise numbers for a period [from, to), for the managers' stats:
 * made = created in the period; kept/late/missed/cancelled = closed with that outcome in the period;
 * renegotiated = made in the period with at least one snooze/reschedule before it was due;
 * open = created before `to` and still open at `to`.
 * Candidate rows come from index range scans (created in, closed in, still open at `to`), never a table
 * scan; the unary `+` keeps SQLite from choosing the created_at index for "open at `to`", which
 * would read every older promise (PostgreSQL reads it as a no-op).
 */
export async function promiseCountsByAgent(db: Db, platform: Platform, workspaceId: string, from: Date, to: Date): Promise<PromiseCounts[]> {
  const f = from.getTime();
  const t = to.getTime();
  const { rows } = await sql<PromiseCounts>`
    WITH candidates AS (
       SELECT id FROM promises WHERE platform = ${platform} AND workspace_id = ${workspaceId} AND created_at >= ${f} AND created_at < ${t}
       UNION
       SELECT id FROM promises WHERE platform = ${platform} AND workspace_id = ${workspaceId} AND closed_at >= ${f} AND closed_at < ${t}
       UNION
       SELECT id FROM promises WHERE platform = ${platform} AND workspace_id = ${workspaceId} AND closed_at IS NULL AND +created_at < ${t}
       UNION
       SELECT id FROM promises WHERE platform = ${platform} AND workspace_id = ${workspaceId} AND closed_at >= ${t} AND +created_at < ${t}
     )
     SELECT p.agent_id AS "agentId",
            MAX(p.agent_name) AS "agentName",
            COUNT(*) FILTER (WHERE p.created_at >= ${f} AND p.created_at < ${t}) AS made,
            COUNT(*) FILTER (WHERE p.status = 'kept' AND p.closed_at >= ${f} AND p.closed_at < ${t}) AS kept,
            COUNT(*) FILTER (WHERE p.status = 'late' AND p.closed_at >= ${f} AND p.closed_at < ${t}) AS late,
            COUNT(*) FILTER (WHERE p.status = 'missed' AND p.closed_at >= ${f} AND p.closed_at < ${t}) AS missed,
            COUNT(*) FILTER (WHERE p.renegotiated = 1 AND p.created_at >= ${f} AND p.created_at < ${t}) AS renegotiated,
            COUNT(*) FILTER (WHERE p.status = 'cancelled' AND p.closed_at >= ${f} AND p.closed_at < ${t}) AS cancelled,
            COUNT(*) FILTER (WHERE p.created_at < ${t} AND (p.closed_at IS NULL OR p.closed_at >= ${t})) AS open
     FROM promises p JOIN candidates c ON c.id = p.id
     GROUP BY p.agent_id
     ORDER BY p.agent_id`.execute(db);
  return rows.map((r) => ({
    agentId: r.agentId,
    agentName: r.agentName,
    made: Number(r.made),
    kept: Number(r.kept),
    late: Number(r.late),
    missed: Number(r.missed),
    renegotiated: Number(r.renegotiated),
    cancelled: Number(r.cancelled),
    open: Number(r.open),
  }));
}

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
 * A promise counts for whoever held it when it came due (a handover after that does not move it),
 * and one missed while that person was away is not held against them (they were out of office).
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
     SELECT COALESCE(p.due_holder_id, p.agent_id) AS "agentId",
            MAX(CASE WHEN p.due_holder_id IS NULL OR p.due_holder_id = p.agent_id THEN p.agent_name END) AS "agentName",
            COUNT(*) FILTER (WHERE p.created_at >= ${f} AND p.created_at < ${t}) AS made,
            COUNT(*) FILTER (WHERE p.status = 'kept' AND p.closed_at >= ${f} AND p.closed_at < ${t}) AS kept,
            COUNT(*) FILTER (WHERE p.status = 'late' AND p.closed_at >= ${f} AND p.closed_at < ${t}) AS late,
            COUNT(*) FILTER (WHERE p.status = 'missed' AND p.closed_at >= ${f} AND p.closed_at < ${t} AND NOT EXISTS (
              SELECT 1 FROM away_periods a
              WHERE a.platform = p.platform AND a.workspace_id = p.workspace_id AND a.user_id = COALESCE(p.due_holder_id, p.agent_id)
                AND a.starts_at <= p.due_at AND a.ends_at > p.due_at)) AS missed,
            COUNT(*) FILTER (WHERE p.renegotiated = 1 AND p.created_at >= ${f} AND p.created_at < ${t}) AS renegotiated,
            COUNT(*) FILTER (WHERE p.status = 'cancelled' AND p.closed_at >= ${f} AND p.closed_at < ${t}) AS cancelled,
            COUNT(*) FILTER (WHERE p.created_at < ${t} AND (p.closed_at IS NULL OR p.closed_at >= ${t})) AS open
     FROM promises p JOIN candidates c ON c.id = p.id
     GROUP BY COALESCE(p.due_holder_id, p.agent_id)
     ORDER BY 1`.execute(db);
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

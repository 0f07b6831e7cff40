// Schema step 6. Shipped: never edit it; a change is the next number (listed in ../migrations.ts).

import type { Migration } from '../migrate.ts';

export const jobLeases: Migration = {
  version: 6,
  name: 'job leases for several replicas, finished-job sweep index',
  sql: `
      -- A claim is a lease: the replica that holds it (hostname, pid, a random part), until when
      -- (renewed while the handler runs), and how many claims ended without an outcome: a job whose
      -- count is above one was recovered from a crash or an expired lease, and checks before sending.
      ALTER TABLE jobs ADD COLUMN claimed_by TEXT;
      ALTER TABLE jobs ADD COLUMN lease_until INTEGER;
      ALTER TABLE jobs ADD COLUMN claims INTEGER NOT NULL DEFAULT 0;
      -- due_at moves with each retry; this keeps when the occurrence was meant to happen, so a
      -- retried job still knows its day and how late it really is.
      ALTER TABLE jobs ADD COLUMN original_due_at INTEGER;
      UPDATE jobs SET original_due_at = due_at;
      -- Jobs left running by a version without leases: their process is gone, so their lease is over.
      UPDATE jobs SET lease_until = 0, claims = 1 WHERE status = 'running';
      CREATE INDEX jobs_leases ON jobs (lease_until) WHERE status = 'running';
      -- The retention sweep reads finished jobs by age only.
      CREATE INDEX jobs_finished ON jobs (finished_at) WHERE status IN ('done', 'skipped', 'failed', 'cancelled');

      -- Sends per second a platform allows per scope (Teams: 50 per app per tenant), counted for
      -- every replica together: each replica pacing itself alone would let three send 150.
      CREATE TABLE send_budgets (
        platform      TEXT NOT NULL,
        scope         TEXT NOT NULL,
        second        INTEGER NOT NULL,       -- Unix time in whole seconds
        used          INTEGER NOT NULL,
        PRIMARY KEY (platform, scope, second)
      ) WITHOUT ROWID;
    `,
};

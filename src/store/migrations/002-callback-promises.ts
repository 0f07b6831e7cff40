// Schema step 2. Shipped: never edit it; a change is the next number (listed in ../migrations.ts).

import type { Migration } from '../migrate.ts';

export const callbackPromises: Migration = {
  version: 2,
  name: 'callback promises and their history',
  sql: `
      -- One row per callback promise. who/note are personal data: erased (NULL) after the retention
      -- period once closed; the outcome and times stay for stats.
      CREATE TABLE promises (
        id               INTEGER PRIMARY KEY,
        platform         TEXT NOT NULL,
        workspace_id     TEXT NOT NULL,
        agent_id         TEXT NOT NULL,
        agent_name       TEXT,
        agent_tz         TEXT NOT NULL,       -- the IANA zone the due time was read in
        address_key      TEXT,                -- where it was made (for the record; reminders go by DM)
        who              TEXT,
        note             TEXT,
        created_at       INTEGER NOT NULL,
        original_due_at  INTEGER NOT NULL,    -- what was first promised, kept for the record
        due_at           INTEGER NOT NULL,    -- what the reminder ladder aims at now
        deadline_at      INTEGER NOT NULL,    -- done by this (+ grace) counts as kept
        status           TEXT NOT NULL DEFAULT 'open'
                         CHECK (status IN ('open', 'kept', 'late', 'missed', 'cancelled')),
        closed_at        INTEGER,
        closed_by        TEXT,
        renegotiated     INTEGER NOT NULL DEFAULT 0,   -- snoozed/rescheduled before it was due
        attempts         INTEGER NOT NULL DEFAULT 0,   -- "couldn't reach them"
        revision         INTEGER NOT NULL DEFAULT 0,   -- bumped on every re-plan of the ladder
        tip_id           TEXT,
        purged_at        INTEGER
      );
      CREATE INDEX promises_open_by_agent ON promises (platform, workspace_id, agent_id, due_at) WHERE status = 'open';
      CREATE INDEX promises_by_created ON promises (platform, workspace_id, created_at);
      CREATE INDEX promises_by_closed ON promises (platform, workspace_id, closed_at, created_at);
      CREATE INDEX promises_to_purge ON promises (closed_at) WHERE purged_at IS NULL AND status <> 'open';
      CREATE INDEX promises_last_by_agent ON promises (platform, workspace_id, agent_id, id);

      -- Every state change with its time and actor; reminders sent (dedupe_key = the job's key).
      -- Never holds who/note.
      CREATE TABLE promise_events (
        id          INTEGER PRIMARY KEY,
        promise_id  INTEGER NOT NULL REFERENCES promises (id) ON DELETE CASCADE,
        kind        TEXT NOT NULL,
        actor_id    TEXT,
        at          INTEGER NOT NULL,
        detail      TEXT NOT NULL DEFAULT '{}',
        dedupe_key  TEXT UNIQUE
      );
      CREATE INDEX promise_events_by_promise ON promise_events (promise_id, at);
    `,
};

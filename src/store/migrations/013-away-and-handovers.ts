// Schema step 13. Shipped: never edit it; a change is the next number (listed in ../migrations.ts).

import type { Migration } from '../migrate.ts';

export const awayAndHandovers: Migration = {
  version: 13,
  name: 'away periods, promise handovers, out-of-office status hints',
  sql: `
      -- A person out of office: [starts_at, ends_at), ends_at the start of their first day back.
      CREATE TABLE away_periods (
        id            INTEGER PRIMARY KEY,
        platform      TEXT NOT NULL,
        workspace_id  TEXT NOT NULL,
        user_id       TEXT NOT NULL,
        starts_at     INTEGER NOT NULL,
        ends_at       INTEGER NOT NULL,
        set_by        TEXT NOT NULL,
        created_at    INTEGER NOT NULL
      );
      CREATE INDEX away_periods_by_person ON away_periods (platform, workspace_id, user_id, ends_at);

      -- A promise offered to a colleague, until they accept or decline. The giver's note is not
      -- stored (it may name the customer): it is only in the message to the colleague.
      CREATE TABLE handovers (
        id            INTEGER PRIMARY KEY,
        promise_id    INTEGER NOT NULL REFERENCES promises (id) ON DELETE CASCADE,
        from_id       TEXT NOT NULL,
        to_id         TEXT NOT NULL,
        offered_by    TEXT NOT NULL,
        revision      INTEGER NOT NULL,
        status        TEXT NOT NULL DEFAULT 'offered',
        created_at    INTEGER NOT NULL,
        answered_at   INTEGER
      );
      CREATE INDEX handovers_by_promise ON handovers (promise_id);

      -- An out-of-office status the person was already asked about, so they are asked once.
      CREATE TABLE status_hints (
        platform      TEXT NOT NULL,
        workspace_id  TEXT NOT NULL,
        user_id       TEXT NOT NULL,
        status_key    TEXT NOT NULL,
        asked_at      INTEGER NOT NULL,
        PRIMARY KEY (platform, workspace_id, user_id)
      );

      -- Who held a promise when it came due: its outcome counts for them (a later handover
      -- does not move it).
      ALTER TABLE promises ADD COLUMN due_holder_id TEXT;
    `,
};

// Schema step 8. Shipped: never edit it; a change is the next number (listed in ../migrations.ts).

import type { Migration } from '../migrate.ts';

export const deliveryProblems: Migration = {
  version: 8,
  name: 'delivery problems reported once per address; channels paused by the coach',
  sql: `
      -- An address a platform refused for good, reported once: the row is the "already told"
      -- mark shared by every replica, and goes when the address works again.
      CREATE TABLE delivery_problems (
        platform      TEXT NOT NULL,
        workspace_id  TEXT NOT NULL,
        kind          TEXT NOT NULL,          -- 'channel' or 'user'
        address_key   TEXT NOT NULL,          -- the channel key or the user id
        reason        TEXT NOT NULL,          -- an UndeliverableReason
        reported_at   INTEGER NOT NULL,
        PRIMARY KEY (platform, workspace_id, kind, address_key)
      ) WITHOUT ROWID;

      -- Why the coach itself stopped a channel's schedule (archived, removed…); NULL when it did not.
      -- A new subscription or the coach's return to the channel clears it.
      ALTER TABLE channels ADD COLUMN paused_reason TEXT;
    `,
};

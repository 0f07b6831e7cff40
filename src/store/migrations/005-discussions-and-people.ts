// Schema step 5. Shipped: never edit it; a change is the next number (listed in ../migrations.ts).

import type { Migration } from '../migrate.ts';

export const discussionsAndPeople: Migration = {
  version: 5,
  name: 'discussions, people, event dedupe, stats indexes',
  sql: `
      -- Stats read participation by workspace and week, grouped by person and kind: this covering
      -- index answers those queries from the index alone (1,000 people × a year stays fast). It
      -- starts with the columns of participation_by_time, which it replaces.
      CREATE INDEX participation_stats ON participation (platform, workspace_id, at, user_id, kind, address_key);
      DROP INDEX participation_by_time;
      -- Per-post counts (acks on a day, people in a discussion thread).
      CREATE INDEX participation_by_target ON participation (platform, workspace_id, kind, target);

      -- Platform event ids already handled: Slack retries events and Bolt does not deduplicate.
      CREATE TABLE seen_events (
        platform      TEXT NOT NULL,
        workspace_id  TEXT NOT NULL,
        event_id      TEXT NOT NULL,
        at            INTEGER NOT NULL,
        PRIMARY KEY (platform, workspace_id, event_id)
      ) WITHOUT ROWID;

      -- The weekly "I am your customer" discussion of a channel: when, and which poem line is next.
      CREATE TABLE discussion_schedules (
        platform      TEXT NOT NULL,
        workspace_id  TEXT NOT NULL,
        address_key   TEXT NOT NULL,
        weekday       INTEGER NOT NULL DEFAULT 2,     -- ISO: Monday = 1 … Sunday = 7
        time          TEXT NOT NULL DEFAULT '10:00',  -- HH:MM in the channel's zone
        enabled       INTEGER NOT NULL DEFAULT 1,
        next_position INTEGER NOT NULL DEFAULT 0,     -- index into the poem lines, in order
        updated_at    INTEGER NOT NULL,
        PRIMARY KEY (platform, workspace_id, address_key),
        FOREIGN KEY (platform, workspace_id, address_key) REFERENCES channels ON DELETE CASCADE
      );

      -- Each discussion opened: the line is fixed before posting, so a retried post reuses it.
      CREATE TABLE discussions (
        platform      TEXT NOT NULL,
        workspace_id  TEXT NOT NULL,
        address_key   TEXT NOT NULL,
        local_date    TEXT NOT NULL,          -- the channel's local day it opened
        line_id       TEXT NOT NULL,
        ref           TEXT,                   -- the thread starter, once posted
        opened_at     INTEGER,
        closes_at     INTEGER,
        wrapped_at    INTEGER,
        participants  INTEGER,
        PRIMARY KEY (platform, workspace_id, address_key, local_date)
      );
      CREATE INDEX discussions_by_ref ON discussions (platform, workspace_id, ref);

      -- People as last seen (name, zone, admin flag): names for stats rows, zones for digests.
      CREATE TABLE people (
        platform      TEXT NOT NULL,
        workspace_id  TEXT NOT NULL,
        user_id       TEXT NOT NULL,
        name          TEXT,
        tz            TEXT,
        is_admin      INTEGER NOT NULL DEFAULT 0,
        seen_at       INTEGER NOT NULL,
        PRIMARY KEY (platform, workspace_id, user_id)
      );
    `,
};

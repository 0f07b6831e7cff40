// Schema step 1. Shipped: never edit it; a change is the next number (listed in ../migrations.ts).

import type { Migration } from '../migrate.ts';

export const channelsPostsAndJobs: Migration = {
  version: 1,
  name: 'channels, rotation, daily picks, posts, participation, jobs',
  sql: `
      CREATE TABLE channels (
        platform      TEXT NOT NULL,
        workspace_id  TEXT NOT NULL,
        address_key   TEXT NOT NULL,
        label         TEXT,
        timezone      TEXT NOT NULL,
        post_time     TEXT NOT NULL DEFAULT '09:00',
        post_days     TEXT NOT NULL DEFAULT 'weekdays',
        subscribed    INTEGER NOT NULL DEFAULT 0,
        changed_by    TEXT,
        updated_at    INTEGER NOT NULL,
        PRIMARY KEY (platform, workspace_id, address_key)
      );

      -- The shuffled deck order per channel and how far through it we are.
      CREATE TABLE rotations (
        platform      TEXT NOT NULL,
        workspace_id  TEXT NOT NULL,
        address_key   TEXT NOT NULL,
        deck_order    TEXT NOT NULL,          -- JSON array of principle ids
        position      INTEGER NOT NULL,       -- index of the next id to use
        last_id       TEXT,                   -- never repeat this one first after a reshuffle
        PRIMARY KEY (platform, workspace_id, address_key),
        FOREIGN KEY (platform, workspace_id, address_key) REFERENCES channels ON DELETE CASCADE
      );

      -- Today's principle per channel and local date: the same one all day.
      CREATE TABLE daily_picks (
        platform      TEXT NOT NULL,
        workspace_id  TEXT NOT NULL,
        address_key   TEXT NOT NULL,
        local_date    TEXT NOT NULL,          -- YYYY-MM-DD in the channel's zone
        principle_id  TEXT NOT NULL,
        PRIMARY KEY (platform, workspace_id, address_key, local_date),
        FOREIGN KEY (platform, workspace_id, address_key) REFERENCES channels ON DELETE CASCADE
      );

      -- Messages the coach posted to channels (refs are the platform's message ids).
      CREATE TABLE posts (
        platform      TEXT NOT NULL,
        workspace_id  TEXT NOT NULL,
        ref           TEXT NOT NULL,
        address_key   TEXT NOT NULL,
        kind          TEXT NOT NULL,          -- 'principle', 'discussion', 'hello', …
        item_id       TEXT,
        local_date    TEXT,
        posted_at     INTEGER NOT NULL,
        PRIMARY KEY (platform, workspace_id, ref)
      );
      CREATE INDEX posts_by_channel_day ON posts (platform, workspace_id, address_key, kind, local_date);

      -- Who did what, for the weekly stats. dedupe_key makes retried events count once.
      CREATE TABLE participation (
        id            INTEGER PRIMARY KEY,
        platform      TEXT NOT NULL,
        workspace_id  TEXT NOT NULL,
        user_id       TEXT NOT NULL,
        kind          TEXT NOT NULL,          -- 'ack', 'reaction', 'reply'
        address_key   TEXT,
        target        TEXT,                   -- the post ref or day the action was about
        dedupe_key    TEXT NOT NULL UNIQUE,
        at            INTEGER NOT NULL
      );
      CREATE INDEX participation_by_time ON participation (platform, workspace_id, at);

      -- The durable job queue: every future event is a row; nothing lives only in memory.
      CREATE TABLE jobs (
        id              INTEGER PRIMARY KEY,
        kind            TEXT NOT NULL,
        platform        TEXT NOT NULL,
        workspace_id    TEXT NOT NULL,
        subject         TEXT NOT NULL,        -- what the job is about, to cancel a group: 'channel:…', 'promise:42'
        due_at          INTEGER NOT NULL,
        payload         TEXT NOT NULL DEFAULT '{}',
        status          TEXT NOT NULL DEFAULT 'pending'
                        CHECK (status IN ('pending', 'running', 'done', 'skipped', 'failed', 'cancelled')),
        attempts        INTEGER NOT NULL DEFAULT 0,
        idempotency_key TEXT UNIQUE,
        claimed_at      INTEGER,
        finished_at     INTEGER,
        last_error      TEXT,
        created_at      INTEGER NOT NULL
      );
      -- Partial indexes: the loop only ever looks at live jobs, however long the history grows.
      CREATE INDEX jobs_due ON jobs (due_at) WHERE status = 'pending';
      CREATE INDEX jobs_live_subject ON jobs (subject) WHERE status IN ('pending', 'running');

      -- Managers (team leads) named with /coach managers add, besides COACH_MANAGERS and platform admins.
      CREATE TABLE managers (
        platform      TEXT NOT NULL,
        workspace_id  TEXT NOT NULL,
        user_id       TEXT NOT NULL,
        added_by      TEXT NOT NULL,
        added_at      INTEGER NOT NULL,
        PRIMARY KEY (platform, workspace_id, user_id)
      );

      -- Delivery data adapters keep per user/channel (Teams ConversationReferences…), opaque to the core.
      CREATE TABLE addresses (
        platform      TEXT NOT NULL,
        workspace_id  TEXT NOT NULL,
        kind          TEXT NOT NULL CHECK (kind IN ('user', 'channel')),
        id            TEXT NOT NULL,
        data          TEXT NOT NULL,
        undeliverable TEXT,                   -- why the platform refuses it for good, or NULL
        updated_at    INTEGER NOT NULL,
        PRIMARY KEY (platform, workspace_id, kind, id)
      );
    `,
};

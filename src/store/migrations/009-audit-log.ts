// Schema step 9. Shipped: never edit it; a change is the next number (listed in ../migrations.ts).

import type { Migration } from '../migrate.ts';

export const auditLogAndInstances: Migration = {
  version: 9,
  name: 'audit log, running coach instances',
  sql: `
      -- Who changed which shared setting, when, from what to what. before/after are short
      -- descriptions of settings ("weekdays at 09:00 (Europe/London)"), never a customer's details.
      CREATE TABLE audit_log (
        id            INTEGER PRIMARY KEY,
        platform      TEXT NOT NULL,
        workspace_id  TEXT NOT NULL,
        actor_id      TEXT NOT NULL,
        at            INTEGER NOT NULL,
        action        TEXT NOT NULL,          -- 'subscribe', 'managers.add', 'promise.close'…
        subject       TEXT NOT NULL,          -- a channel key, a user id, a promise number
        before        TEXT,
        after         TEXT
      );
      CREATE INDEX audit_log_by_time ON audit_log (platform, workspace_id, at);

      -- Each running coach process beats here; db:restore refuses while one has beaten recently.
      CREATE TABLE coach_instances (
        id          TEXT PRIMARY KEY,
        host        TEXT NOT NULL,
        pid         INTEGER NOT NULL,
        started_at  INTEGER NOT NULL,
        beat_at     INTEGER NOT NULL
      );
    `,
};

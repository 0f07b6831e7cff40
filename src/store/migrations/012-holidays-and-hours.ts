// Schema step 12. Shipped: never edit it; a change is the next number (listed in ../migrations.ts).

import type { Migration } from '../migrate.ts';

export const holidaysAndHours: Migration = {
  version: 12,
  name: 'holidays, closed days and working hours',
  sql: `
      -- The public-holiday region a channel follows (date-holidays' country[-state], like 'DE-BY'):
      -- its daily posts and weekly discussions skip those days.
      CREATE TABLE channel_holidays (
        platform      TEXT NOT NULL,
        workspace_id  TEXT NOT NULL,
        address_key   TEXT NOT NULL,
        region        TEXT NOT NULL,
        changed_by    TEXT NOT NULL,
        updated_at    INTEGER NOT NULL,
        PRIMARY KEY (platform, workspace_id, address_key)
      );

      -- The team's own closed days in a channel (local dates, YYYY-MM-DD), skipped like holidays.
      CREATE TABLE closed_days (
        platform      TEXT NOT NULL,
        workspace_id  TEXT NOT NULL,
        address_key   TEXT NOT NULL,
        local_date    TEXT NOT NULL,
        added_by      TEXT NOT NULL,
        added_at      INTEGER NOT NULL,
        PRIMARY KEY (platform, workspace_id, address_key, local_date)
      );

      -- A person's own working hours (none: 09:00–17:00 weekdays), in their zone. A shift whose
      -- end is not after its start crosses midnight.
      CREATE TABLE working_hours (
        platform      TEXT NOT NULL,
        workspace_id  TEXT NOT NULL,
        user_id       TEXT NOT NULL,
        start_time    TEXT NOT NULL,
        end_time      TEXT NOT NULL,
        days          TEXT NOT NULL,
        updated_at    INTEGER NOT NULL,
        PRIMARY KEY (platform, workspace_id, user_id)
      );
    `,
};

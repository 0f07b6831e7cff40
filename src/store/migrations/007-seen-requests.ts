// Schema step 7. Shipped: never edit it; a change is the next number (listed in ../migrations.ts).

import type { Migration } from '../migrate.ts';

export const seenRequests: Migration = {
  version: 7,
  name: 'seen signed requests (replay refusal)',
  sql: `
      -- Signed platform requests already handled (a hash of the Slack signature), kept until their
      -- timestamp leaves the 5-minute window: one replayed request is refused on every replica.
      CREATE TABLE seen_requests (
        platform      TEXT NOT NULL,
        request_key   TEXT NOT NULL,
        expires_at    INTEGER NOT NULL,
        PRIMARY KEY (platform, request_key)
      ) WITHOUT ROWID;
      CREATE INDEX seen_requests_by_expiry ON seen_requests (expires_at);
    `,
};

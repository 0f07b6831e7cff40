// Schema step 10. Shipped: never edit it; a change is the next number (listed in ../migrations.ts).

import type { Migration } from '../migrate.ts';

export const dashboardSessions: Migration = {
  version: 10,
  name: 'dashboard sessions and sign-in grants',
  sql: `
      -- Signed-in dashboard sessions. The cookie carries a random id (signed); only its SHA-256
      -- is stored, so a copy of the database cannot be replayed as a cookie. Shared by replicas.
      CREATE TABLE dashboard_sessions (
        id_hash       TEXT PRIMARY KEY,
        platform      TEXT NOT NULL,
        workspace_id  TEXT NOT NULL,
        user_id       TEXT NOT NULL,
        name          TEXT,
        csrf_token    TEXT NOT NULL,
        created_at    INTEGER NOT NULL,
        expires_at    INTEGER NOT NULL
      );
      CREATE INDEX dashboard_sessions_by_expiry ON dashboard_sessions (expires_at);

      -- Short-lived, single-use sign-in grants: an OIDC round trip's state (PKCE verifier, nonce)
      -- or the console's one-time link. Taken (deleted) on first use.
      CREATE TABLE dashboard_grants (
        id_hash       TEXT PRIMARY KEY,
        kind          TEXT NOT NULL,
        data          TEXT NOT NULL,
        expires_at    INTEGER NOT NULL
      );
    `,
};

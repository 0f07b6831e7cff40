// Schema step 14. Shipped: never edit it; a change is the next number (listed in ../migrations.ts).

import type { Migration } from '../migrate.ts';

export const slackInstallations: Migration = {
  version: 14,
  name: 'slack installations (Add to Slack) and the workspaces of org-wide installs',
  sql: `
      -- One row per Slack install, keyed the way Slack requires: 'E:<enterprise id>' for an
      -- org-wide Enterprise Grid install, 'T:<team id>' otherwise (a workspace inside a Grid org
      -- can still be a workspace install). data is Bolt's whole Installation as JSON, encrypted
      -- (AES-256-GCM, SLACK_TOKEN_ENCRYPTION_KEY): no token is ever readable from a copy of the db.
      CREATE TABLE slack_installations (
        install_key           TEXT PRIMARY KEY,
        enterprise_id         TEXT,
        team_id               TEXT,
        is_enterprise_install INTEGER NOT NULL,
        installer_user_id     TEXT,
        data                  TEXT NOT NULL,
        token_expires_at      INTEGER,          -- rotating tokens: when the bot token expires (ms)
        installed_at          INTEGER NOT NULL,
        updated_at            INTEGER NOT NULL
      );

      -- Workspaces seen under an org-wide install: a job addressed to team T finds its org's token.
      CREATE TABLE slack_org_workspaces (
        team_id        TEXT PRIMARY KEY,
        enterprise_id  TEXT NOT NULL,
        seen_at        INTEGER NOT NULL
      );
    `,
};

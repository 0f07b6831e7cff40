// Schema step 11. Shipped: never edit it; a change is the next number (listed in ../migrations.ts).

import type { Migration } from '../migrate.ts';

export const agentTips: Migration = {
  version: 11,
  name: 'the tip each agent saw last',
  sql: `
      -- The tip shown with each agent's latest promise, so the next one differs. A row of its own,
      -- taken in turn by promises made at once (see insertPromiseWithLadder).
      CREATE TABLE agent_tips (
        platform      TEXT NOT NULL,
        workspace_id  TEXT NOT NULL,
        agent_id      TEXT NOT NULL,
        last_tip_id   TEXT,
        PRIMARY KEY (platform, workspace_id, agent_id)
      ) WITHOUT ROWID;
      INSERT INTO agent_tips (platform, workspace_id, agent_id, last_tip_id)
        SELECT p.platform, p.workspace_id, p.agent_id, p.tip_id FROM promises p
        WHERE p.id = (SELECT MAX(q.id) FROM promises q WHERE q.platform = p.platform AND q.workspace_id = p.workspace_id AND q.agent_id = p.agent_id);
    `,
  // UNLOGGED: a change to it commits without waiting for the write-ahead log to reach the disk,
  // so the agent's row is free again at once. The price: after a server crash or a failover the
  // table starts empty, and an agent's next promise may show the tip their last one showed.
  postgres: `
      CREATE UNLOGGED TABLE agent_tips (
        platform      TEXT NOT NULL,
        workspace_id  TEXT NOT NULL,
        agent_id      TEXT NOT NULL,
        last_tip_id   TEXT,
        PRIMARY KEY (platform, workspace_id, agent_id)
      );
      INSERT INTO agent_tips (platform, workspace_id, agent_id, last_tip_id)
        SELECT p.platform, p.workspace_id, p.agent_id, p.tip_id FROM promises p
        WHERE p.id = (SELECT MAX(q.id) FROM promises q WHERE q.platform = p.platform AND q.workspace_id = p.workspace_id AND q.agent_id = p.agent_id);
    `,
};

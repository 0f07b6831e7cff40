// The schema, as numbered steps, one file each in migrations/, in the order they run. Never edit
// a step that has shipped: add the next number as a new file, and list it last here.
// Times are UTC milliseconds since the epoch; every row carries its platform and workspace.

import type { Migration } from './migrate.ts';
import { channelsPostsAndJobs } from './migrations/001-channels-posts-jobs.ts';
import { callbackPromises } from './migrations/002-callback-promises.ts';
import { discussionsAndPeople } from './migrations/005-discussions-and-people.ts';
import { jobLeases } from './migrations/006-job-leases.ts';
import { seenRequests } from './migrations/007-seen-requests.ts';
import { deliveryProblems } from './migrations/008-delivery-problems.ts';
import { auditLogAndInstances } from './migrations/009-audit-log.ts';
import { dashboardSessions } from './migrations/010-dashboard-sessions.ts';
import { agentTips } from './migrations/011-agent-tips.ts';
import { holidaysAndHours } from './migrations/012-holidays-and-hours.ts';
import { awayAndHandovers } from './migrations/013-away-and-handovers.ts';
import { slackInstallations } from './migrations/014-slack-installations.ts';

export const MIGRATIONS: readonly Migration[] = [
  channelsPostsAndJobs,
  callbackPromises,
  discussionsAndPeople,
  jobLeases,
  seenRequests,
  deliveryProblems,
  auditLogAndInstances,
  dashboardSessions,
  agentTips,
  holidaysAndHours,
  awayAndHandovers,
  slackInstallations,
];

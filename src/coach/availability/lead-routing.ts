// Where a message for "the team lead" goes: to the leads who are available now (not away; within
// their hours once working hours are known), else to the lead channel. Each route carries the
// reason, so the message can say why it went where it went.

import type { Config } from '../../config.ts';
import type { Actor, Address, Platform } from '../../ports.ts';
import { awayAt } from '../../store/away-repo.ts';
import type { Db } from '../../store/open-store.ts';
import { personNames } from '../../store/people-repo.ts';
import { mention } from '../mentions.ts';
import { listManagers } from '../roles.ts';
import type { Availability } from './away.ts';
import { lastAwayDay } from './away.ts';

export interface LeadRoute {
  /** Leads to DM: the available ones. */
  leads: Actor[];
  /** The lead channel, when no lead is available (or there are none). */
  channel?: Address;
  /** Why, in words for the recipients: "You're Alice's team lead and working now." */
  reason: string;
  /** Why, in words for the agent: "I've let Sam (your team lead) know." */
  toldAgent: string;
}

export async function routeToLeads(
  deps: { db: Db; config: Config; isAvailable: Availability },
  scope: { platform: Platform; workspaceId: string; agentId: string; agentName: string | null; zone: string },
  at: Date,
): Promise<LeadRoute> {
  const { db, config, isAvailable } = deps;
  const all = (await listManagers(db, config, scope.platform, scope.workspaceId)).filter((lead) => lead.userId !== scope.agentId);
  const names = await personNames(db, scope.platform, scope.workspaceId);
  const named = (lead: Actor) => mention(lead.userId, names.get(lead.userId));
  const available: Actor[] = [];
  const offShift: Actor[] = [];
  const off: string[] = [];
  for (const lead of all) {
    const withName = { ...lead, ...(names.get(lead.userId) ? { name: names.get(lead.userId) } : {}) };
    if (await isAvailable(lead, at)) available.push(withName);
    else {
      const period = await awayAt(db, lead, at);
      if (!period) offShift.push(withName);
      off.push(period ? `${named(lead)} is away until ${lastAwayDay(period, scope.zone)}` : `${named(lead)} is not working now`);
    }
  }
  const agent = mention(scope.agentId, scope.agentName);
  const offNote = off.length ? `; ${off.join('; ')}` : '';
  if (available.length) {
    return {
      leads: available,
      reason: `You get this as ${agent}'s team lead${off.length ? `, working now (${off.join('; ')})` : ''}.`,
      toldAgent: `I've let your team lead know (${available.map(named).join(', ')}${offNote}), so they can help if you're stuck.`,
    };
  }
  const channel: Address | undefined = config.leadChannel ? { platform: scope.platform, workspaceId: scope.workspaceId, key: config.leadChannel } : undefined;
  if (!off.length) {
    return {
      leads: [],
      ...(channel ? { channel } : {}),
      reason: 'Posted here because no team lead is set up for this team.',
      toldAgent: channel
        ? "I've let the team leads' channel know, so someone can help if you're stuck."
        : 'No team lead is configured for your team, so nobody else was told. An admin can set one with COACH_MANAGERS or COACH_LEAD_CHANNEL.',
    };
  }
  const why = `no team lead is working right now (${off.join('; ')})`;
  // Without a lead channel, a lead who is merely off shift still gets it, to read when they start:
  // better late than nobody told. Only leads who are away get nothing.
  if (!channel && offShift.length) {
    return {
      leads: offShift,
      reason: `You get this as ${agent}'s team lead, to pick up when your shift starts: no lead is working now, and there is no lead channel.`,
      toldAgent: `I've let your team lead know (${offShift.map(named).join(', ')}); ${offShift.length === 1 ? "they're" : "they're all"} off shift right now, so they'll see it when they start.`,
    };
  }
  return {
    leads: [],
    ...(channel ? { channel } : {}),
    reason: `Posted here because ${why}.`,
    toldAgent: channel ? `I've let the team leads' channel know, because ${why}.` : `Nobody else was told: ${why}, and no lead channel is set (COACH_LEAD_CHANNEL).`,
  };
}

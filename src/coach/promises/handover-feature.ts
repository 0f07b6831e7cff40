// The buttons of a handover: "Hand #42 to…" (a person picker), Accept / Decline for the colleague,
// and "Reschedule" / "Keep it" offered when someone sets themselves away. The command itself,
// `/promise-callback handover`, is the promises feature's (it owns `/promise-callback`); both use
// handover.ts.

import type { CoachDeps } from '../deps.ts';
import type { Feature } from '../feature.ts';
import { createHandovers } from './handover.ts';
import { HANDOVER_ACTIONS } from './handover-messages.ts';

export function createHandoverFeature(deps: CoachDeps): Feature {
  const handovers = createHandovers(deps);
  return {
    name: 'handover',
    actions: {
      [HANDOVER_ACTIONS.pick]: handovers.onPick,
      [HANDOVER_ACTIONS.accept]: handovers.onAccept,
      [HANDOVER_ACTIONS.decline]: handovers.onDecline,
      [HANDOVER_ACTIONS.keep]: handovers.onKeep,
      [HANDOVER_ACTIONS.reschedule]: handovers.onReschedule,
    },
  };
}

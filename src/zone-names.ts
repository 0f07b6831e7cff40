// Whether a string names a time zone luxon can use ("Europe/London"). A time utility shared by
// configuration (DEFAULT_TIMEZONE) and the coach (zones people type, zones platforms report).

import { DateTime, IANAZone } from 'luxon';

const zoneValidity = new Map<string, boolean>();

export function isValidZone(zone: string): boolean {
  let valid = zoneValidity.get(zone);
  if (valid === undefined) {
    valid = IANAZone.isValidZone(zone) && DateTime.now().setZone(zone).isValid;
    // Bounded: zone strings can come from user input (/coach subscribe …).
    if (zoneValidity.size < 1_000) zoneValidity.set(zone, valid);
  }
  return valid;
}

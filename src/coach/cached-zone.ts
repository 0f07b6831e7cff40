// IANA zones for luxon that remember their offsets. luxon asks Intl for a zone's offset
// (`formatToParts`, the top cost of parsing a due time) every time it builds or moves a DateTime, and
// reading one `/promise-callback` did that about ten times. An offset only changes at the zone's
// transitions (DST, a few a year), so it is remembered per zone and UTC hour.
//
// Exact, not approximate: an hour is cached only when the offset at its first and its last second
// agree, which means no transition falls inside it (tzdata never has two transitions within one
// hour). An hour with a transition is asked of Intl every time, as luxon does.

import { IANAZone, Info, type Zone } from 'luxon';

const HOUR_MS = 3_600_000;
/** About five months of hours per zone; past that the cache starts over (memory stays bounded). */
const MAX_HOURS_PER_ZONE = 4_096;
/** Zone names can come from people (/coach subscribe …): bounded too. */
const MAX_ZONES = 1_000;

class CachedOffsetZone extends IANAZone {
  /** Offset in minutes by UTC hour; NaN marks an hour with a transition inside. */
  private readonly byHour = new Map<number, number>();

  override offset(ts: number): number {
    if (!Number.isFinite(ts)) return super.offset(ts);
    const hour = Math.floor(ts / HOUR_MS);
    let offset = this.byHour.get(hour);
    if (offset === undefined) {
      const start = hour * HOUR_MS;
      const first = super.offset(start);
      // luxon reads offsets to the second: the hour's last second stands for the rest of it.
      const last = super.offset(start + HOUR_MS - 1_000);
      offset = first === last ? first : Number.NaN;
      if (this.byHour.size >= MAX_HOURS_PER_ZONE) this.byHour.clear();
      this.byHour.set(hour, offset);
    }
    return Number.isNaN(offset) ? super.offset(ts) : offset;
  }
}

const zones = new Map<string, Zone>();

/**
 * The luxon zone for `name`, as `{ zone: name }` would resolve it, but with cached offsets when it is
 * an IANA zone. "UTC", "system", "UTC+3"… resolve exactly as luxon resolves them.
 */
export function cachedZone(name: string): Zone {
  let zone = zones.get(name);
  if (zone === undefined) {
    const normalized = Info.normalizeZone(name);
    zone = normalized instanceof IANAZone && normalized.isValid ? new CachedOffsetZone(normalized.name) : normalized;
    if (zones.size >= MAX_ZONES) zones.clear();
    zones.set(name, zone);
  }
  return zone;
}

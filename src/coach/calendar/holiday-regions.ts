// Public holidays by region, from the date-holidays package (its data is kept by many people, not
// by us). A region is a country code with an optional state or region: 'US', 'GB-SCT', 'DE-BY',
// 'IN'. Only 'public' days are skipped: date-holidays also knows bank half-days (Germany's
// Christmas Eve from 14:00), observances (Valentine's Day) and optional days, which are
// working days for a service team. Moved holidays ("substitute days": a Boxing Day on a Saturday
// observed on Monday) are public days in its data, so they are skipped too.

import { createRequire } from 'node:module';
import type Holidays from 'date-holidays';

// Loaded on first use, not at import: its data for every country takes about half a second to read,
// which a coach with no holiday region should not pay at start (replicas must be ready quickly).
type HolidaysClass = typeof Holidays;
let HolidaysCtor: HolidaysClass | undefined;
function holidaysClass(): HolidaysClass {
  HolidaysCtor ??= createRequire(import.meta.url)('date-holidays') as HolidaysClass;
  return HolidaysCtor;
}

export interface HolidayRegion {
  /** 'DE-BY', as stored. */
  code: string;
  /** 'Germany (Bayern)': date-holidays' names, states in their own language. */
  name: string;
}

// One catalogue for the names and codes; one calendar per region, built on first use.
let catalogue: Holidays | undefined;
const calendars = new Map<string, Holidays>();
const yearCache = new Map<string, Map<string, string>>();

function names(): Holidays {
  catalogue ??= new (holidaysClass())();
  return catalogue;
}

/** 'de-by', 'GB-SCT', 'us' → the region, or undefined when date-holidays does not know it. */
export function parseHolidayRegion(text: string): HolidayRegion | undefined {
  const match = /^([A-Za-z]{2})(?:[-_ ]([A-Za-z0-9]{1,3}))?$/.exec(text.trim());
  if (!match) return undefined;
  const country = (match[1] as string).toUpperCase();
  const state = match[2]?.toUpperCase();
  const countryName = names().getCountries('en')[country];
  if (!countryName) return undefined;
  if (!state) return { code: country, name: countryName };
  const stateName = names().getStates(country, 'en')?.[state];
  return stateName ? { code: `${country}-${state}`, name: `${countryName} (${stateName})` } : undefined;
}

/** The region's name for a stored code ('DE-BY' → 'Germany (Bayern)'). */
export function describeHolidayRegion(code: string): string {
  return parseHolidayRegion(code)?.name ?? code;
}

function calendarOf(code: string): Holidays {
  let calendar = calendars.get(code);
  if (!calendar) {
    const [country = '', state] = code.split('-');
    const Ctor = holidaysClass();
    calendar = state ? new Ctor(country, state, { languages: ['en'] }) : new Ctor(country, { languages: ['en'] });
    calendars.set(code, calendar);
  }
  return calendar;
}

/** The region's public holidays in a year: local date (YYYY-MM-DD) → name. */
export function publicHolidays(code: string, year: number): Map<string, string> {
  const key = `${code}:${year}`;
  let days = yearCache.get(key);
  if (!days) {
    days = new Map();
    for (const holiday of calendarOf(code).getHolidays(year, 'en')) {
      const date = holiday.date.slice(0, 10);
      if (holiday.type === 'public' && !days.has(date)) days.set(date, holiday.name);
    }
    yearCache.set(key, days);
  }
  return days;
}

/** The name of the public holiday on a local date in the region, if it is one. */
export function holidayOn(code: string, isoDate: string): string | undefined {
  return publicHolidays(code, Number(isoDate.slice(0, 4))).get(isoDate);
}

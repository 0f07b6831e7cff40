// One measured figure of the benchmark, as printed in the table and written to results.json.
export interface Figure {
  section: string;
  name: string;
  /** undefined when the figure was not measured (see `note`). */
  value?: number;
  unit: string;
  /** Human-readable target, e.g. "≥ 80 %" or "< 50 ms". */
  target?: string;
  pass?: boolean;
  note?: string;
}

export const round = (n: number, digits = 1): number => Math.round(n * 10 ** digits) / 10 ** digits;

/** The middle value (the mean of the two middle ones for an even count); NaN for none. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] as number;
}

import { describe, expect, it } from 'vitest';
import { csvField } from '../../../src/coach/stats/stats-csv.ts';

describe('CSV fields', () => {
  it('quotes commas, quotes and line breaks, and leaves plain values alone', () => {
    expect(csvField('Alice')).toBe('Alice');
    expect(csvField('Smith, Jo')).toBe('"Smith, Jo"');
    expect(csvField('Jo "JJ" Smith')).toBe('"Jo ""JJ"" Smith"');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(42)).toBe('42');
    expect(csvField(null)).toBe('');
  });

  it('keeps a name that looks like a formula from running in a spreadsheet', () => {
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('@admin')).toBe("'@admin");
    expect(csvField(-1)).toBe('-1'); // numbers are numbers
  });
});

// The arithmetic and formatting behind the bench tables: medians and spreads of samples, ratios, number cells, and
// column alignment. Pure functions; no timing involved.
import { formatNumber, formatRatio, formatSummary } from '../../bench/format';
import { ratio, spreadPercent, summarize } from '../../bench/stats';
import { renderTable } from '../../bench/table';

describe('summarize', () => {
  it('takes the middle sample of an odd count and the mean of the two middle ones of an even count', () => {
    expect(summarize([5, 1, 3])).toEqual({ median: 3, min: 1, max: 5, samples: 3 });
    expect(summarize([4, 1, 3, 10])).toEqual({ median: 3.5, min: 1, max: 10, samples: 4 });
  });

  it('ignores samples that are not finite and reports nothing for an empty set', () => {
    expect(summarize([Number.NaN, 2, Number.POSITIVE_INFINITY])).toEqual({ median: 2, min: 2, max: 2, samples: 1 });
    expect(summarize([]).samples).toBe(0);
    expect(Number.isNaN(summarize([]).median)).toBe(true);
  });
});

describe('spread and ratio', () => {
  it('gives the half-range as a percentage of the median', () => {
    expect(spreadPercent(summarize([90, 100, 110]))).toBeCloseTo(10);
  });

  it('refuses to divide by zero or by nothing', () => {
    expect(ratio(10, 4)).toBe(2.5);
    expect(Number.isNaN(ratio(10, 0))).toBe(true);
    expect(Number.isNaN(ratio(Number.NaN, 3))).toBe(true);
  });
});

describe('cells', () => {
  it('formats numbers by magnitude, with thousands grouping for large ones', () => {
    expect(formatNumber(12345.6)).toBe('12,346');
    expect(formatNumber(123.4)).toBe('123');
    expect(formatNumber(12.34)).toBe('12.3');
    expect(formatNumber(1.234)).toBe('1.23');
    expect(formatNumber(0.01234)).toBe('0.012');
    expect(formatNumber(Number.NaN)).toBe('n/a');
  });

  it('writes a summary as median (min-max, ±spread) and a single sample as just the number', () => {
    expect(formatSummary(summarize([90, 100, 110]))).toBe('100 (90.0-110, ±10%)');
    expect(formatSummary(summarize([42]), 'ms')).toBe('42.0 ms');
    expect(formatSummary(summarize([]))).toBe('n/a');
    expect(formatRatio(2.5)).toBe('2.50x');
    expect(formatRatio(Number.NaN)).toBe('n/a');
  });
});

describe('renderTable', () => {
  it('aligns every column, right-aligns numeric cells after the first column, and prints the notes', () => {
    const text = renderTable({
      title: 'Rates',
      headers: ['metric', 'value'],
      rows: [
        ['short', '5'],
        ['a longer metric', '1,234 (1,000-2,000, ±40%)'],
      ],
      notes: ['one note'],
    });
    const lines = text.split('\n');
    expect(lines[0]).toBe('Rates');
    expect(lines[1]).toBe('=====');
    const valueColumn = lines[2].indexOf('value');
    expect(valueColumn).toBe('a longer metric'.length + 2);
    // Right-aligned: both numeric cells end in the same column.
    expect(lines[4].length).toBe(lines[5].length);
    expect(lines[4].endsWith(' 5')).toBe(true);
    expect(lines[6]).toBe('  one note');
  });
});

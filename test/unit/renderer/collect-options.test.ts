import { describe, expect, it } from 'vitest';
import { parseCollectOptions } from '../../../renderer/features/collect/options';

describe('collection options in the form', () => {
  it('refuses look-back days that are not a whole number from 1 to 3650, in a sentence', () => {
    for (const bad of ['abc', '-5', '0', '3651', '1.5']) {
      const r = parseCollectOptions(bad, '20');
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.errors.lookback).toBe(`“${bad}” is not a number of days: give a whole number from 1 to 3650, or leave it empty for the default.`);
    }
  });
  it('refuses a reserve that is not a percentage', () => {
    for (const bad of ['lots', '-1', '101']) {
      const r = parseCollectOptions('', bad);
      expect(r.ok ? null : r.errors.reserve).toMatch(/is not a percentage: give a number from 0 to 100/);
    }
  });
  it('passes valid values and leaves empty ones to the defaults', () => {
    expect(parseCollectOptions(' 30 ', '12.5')).toEqual({ ok: true, options: { lookbackDays: 30, reservePercent: 12.5 } });
    expect(parseCollectOptions('', '')).toEqual({ ok: true, options: {} });
  });
});

import { describe, expect, it } from 'vitest';
import { parseCollectOptions } from '../../../renderer/features/collect/options';

describe('collection options in the form', () => {
  it('refuses look-back days that are not a whole number from 1 to 3650, in a sentence', () => {
    for (const bad of ['abc', '-5', '0', '3651', '1.5']) {
      const r = parseCollectOptions(bad, '20');
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.errors.lookback).toBe(`Look-back days must be a whole number from 1 to 3650, not “${bad}”; leave the field empty for the default.`);
    }
  });
  it('refuses a reserve that is not a percentage', () => {
    for (const bad of ['lots', '-1', '101']) {
      const r = parseCollectOptions('', bad);
      expect(r.ok ? null : r.errors.reserve).toMatch(/^The reserve must be a percentage from 0 to 100, not “.+”; leave the field empty to keep nothing in reserve\.$/);
    }
  });
  it('passes valid values and leaves empty ones to the defaults', () => {
    expect(parseCollectOptions(' 30 ', '12.5')).toEqual({ ok: true, options: { lookbackDays: 30, reservePercent: 12.5 } });
    expect(parseCollectOptions('', '')).toEqual({ ok: true, options: {} });
  });
});

import { describe, expect, it } from 'vitest';
import { calls } from '../../../shared/contract';
import { NOTE_MAX, noteCount, noteProblem } from '../../../renderer/features/checklist/notes';

describe('checklist notes', () => {
  it('takes its bound from the contract, and the contract refuses one character more', () => {
    expect(NOTE_MAX).toBe(10_000);
    const input = { orgAlias: 'demo', system: 'Billing', checkId: 'IU-05', text: 'x'.repeat(NOTE_MAX), author: 'Ada' };
    expect(calls['review.note'].input.safeParse(input).success).toBe(true);
    expect(calls['review.note'].input.safeParse({ ...input, text: 'x'.repeat(NOTE_MAX + 1) }).success).toBe(false);
    // The back end refuses an empty note too, not only the form (the CLI and browser mode share the contract).
    expect(calls['review.note'].input.safeParse({ ...input, text: '  \n ' }).success).toBe(false);
  });
  it('says in words why a note cannot be saved', () => {
    expect(noteProblem('Checked with the owner.')).toBeUndefined();
    expect(noteProblem('x'.repeat(NOTE_MAX))).toBeUndefined();
    expect(noteProblem('   ')).toMatch(/empty note is not saved/);
    expect(noteProblem('x'.repeat(NOTE_MAX + 25))).toBe('A note can be at most 10,000 characters; this one has 10,025. Shorten it by 25 and save again: what you typed is kept.');
    expect(noteCount('abc')).toBe('3 of 10,000 characters');
  });
});

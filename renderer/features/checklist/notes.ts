/** What a note may hold, checked before saving so the auditor hears it in words. Pure; unit-tested. */
import { calls } from '../../../shared/contract';

/** The contract's bound on a note (review.note `text`), read from the schema so the two cannot drift. */
export const NOTE_MAX = calls['review.note'].input.shape.text.maxLength ?? 10_000;

const fmt = (n: number) => n.toLocaleString('en-US');

/** Why a note cannot be saved as typed, or undefined when it can. */
export function noteProblem(text: string): string | undefined {
  if (!text.trim()) return 'Write the note first: an empty note is not saved.';
  if (text.length > NOTE_MAX)
    return `A note can be at most ${fmt(NOTE_MAX)} characters; this one has ${fmt(text.length)}. Shorten it by ${fmt(text.length - NOTE_MAX)} and save again: what you typed is kept.`;
  return undefined;
}

/** The counter under the note field. */
export function noteCount(text: string): string {
  return `${fmt(text.length)} of ${fmt(NOTE_MAX)} characters`;
}

import { useRef, useState } from 'react';
import { useApi, useCall } from '../../api/context';

/** Typing is saved once it pauses, not on every keystroke. */
const SAVE_AFTER_MS = 400;

/**
 * One value of the reviewer set in settings (`review.reviewer`, kept by the back end so every
 * door records the same person), editable in any form that shows it.
 */
function useReviewerField(field: 'name' | 'role'): [string, (v: string) => void, boolean] {
  const api = useApi();
  const profile = useCall('review.reviewer', {}, { staleTime: Infinity });
  const [draft, setDraft] = useState<string | null>(null);
  // The stored value as this form first saw it settled. A refetch later (another form saved
  // the name) must not change the field under the user's caret: text typed over a selection
  // that a re-render just replaced would be appended to the new value ("AdaAda").
  const [initial, setInitial] = useState<string | null>(null);
  const settled = profile.isFetched && !profile.isFetching ? (profile.data?.[field] ?? '') : null;
  if (initial === null && settled !== null) setInitial(settled);
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  const value = draft ?? initial ?? settled ?? profile.data?.[field] ?? '';
  return [
    value,
    (v: string) => {
      setDraft(v);
      if (pending.current) clearTimeout(pending.current);
      if (!v.trim()) return;
      // Not cleared on unmount: leaving the form right after typing still saves the name.
      pending.current = setTimeout(() => void api.call('review.reviewer', { [field]: v }), SAVE_AFTER_MS);
    },
    // Still settling: a form keeps the field disabled until the stored value is known.
    draft === null && initial === null,
  ];
}

/** The auditor's name, set once so every form is prefilled. */
export function useReviewerName(): [string, (v: string) => void, boolean] {
  return useReviewerField('name');
}

/** The auditor's role (e.g. "Compliance lead"), set once like the name. */
export function useReviewerRole(): [string, (v: string) => void, boolean] {
  return useReviewerField('role');
}

import { useState } from 'react';

const KEY = 'iua.reviewer';

/** The auditor's name, remembered on this machine so every form is prefilled. */
export function useReviewerName(): [string, (v: string) => void] {
  const [name, setName] = useState(() => {
    try {
      return localStorage.getItem(KEY) ?? '';
    } catch {
      return '';
    }
  });
  return [
    name,
    (v: string) => {
      setName(v);
      try {
        localStorage.setItem(KEY, v);
      } catch {
        /* private mode: the name just is not remembered */
      }
    },
  ];
}

const ROLE_KEY = 'iua.reviewerRole';

/** The auditor's role (e.g. "Compliance lead"), remembered like the name so it is set once. */
export function useReviewerRole(): [string, (v: string) => void] {
  const [role, setRole] = useState(() => {
    try {
      return localStorage.getItem(ROLE_KEY) ?? '';
    } catch {
      return '';
    }
  });
  return [
    role,
    (v: string) => {
      setRole(v);
      try {
        localStorage.setItem(ROLE_KEY, v);
      } catch {
        /* private mode: the role just is not remembered */
      }
    },
  ];
}

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

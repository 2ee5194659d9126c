import { useEffect, useReducer } from 'react';
import { useApi } from '../../api/context';
import { EMPTY_PROGRESS, reduceProgress, type ProgressEvent, type ProgressState } from './progress';

type Action = { type: 'event'; event: ProgressEvent; at: number } | { type: 'reset' };

function reducer(state: ProgressState, action: Action): ProgressState {
  return action.type === 'reset' ? EMPTY_PROGRESS : reduceProgress(state, action.event, action.at);
}

/** Live progress of collections (of `alias`, or of any org when alias is null, e.g. the demo). */
export function useCollectProgress(alias: string | null): [ProgressState, () => void] {
  const api = useApi();
  const [state, dispatch] = useReducer(reducer, EMPTY_PROGRESS);
  useEffect(() => api.on('collect.progress', (event) => (alias === null || event.alias === alias) && dispatch({ type: 'event', event, at: Date.now() })), [api, alias]);
  return [state, () => dispatch({ type: 'reset' })];
}

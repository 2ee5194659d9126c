import type { ReactNode } from 'react';
import type { UseQueryResult } from '@tanstack/react-query';
import type { CallError } from '../api/context';
import { Alert } from './Alert';
import { Loading } from './Spinner';
import { errorTitle } from './errors';

/** Renders loading and error states of a query, and the children once data is there. */
export function QueryState<T>({ query, label, children }: { query: UseQueryResult<T, CallError>; label?: string; children: (data: T) => ReactNode }) {
  if (query.isPending) return <Loading label={label ? `Loading ${label}…` : undefined} />;
  if (query.isError)
    return (
      <Alert variant="error" title={errorTitle(query.error)}>
        {query.error.message}
      </Alert>
    );
  return <>{children(query.data)}</>;
}

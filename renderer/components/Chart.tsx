import { lazy, Suspense } from 'react';
import type { EChartProps } from './EChart';
import { Loading } from './Spinner';

const EChart = lazy(() => import('./EChart'));

/**
 * A chart is a picture for sighted users; `description` is what everyone else gets (and the
 * screen always has a table with the same numbers next to it).
 */
export function Chart({ description, testId, ...props }: EChartProps & { description: string; testId?: string }) {
  return (
    <figure role="img" aria-label={description} data-testid={testId} className="slds-m-bottom_small">
      <Suspense fallback={<Loading label="Loading chart…" />}>
        <EChart {...props} />
      </Suspense>
    </figure>
  );
}

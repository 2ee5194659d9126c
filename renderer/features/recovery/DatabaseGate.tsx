import type { ReactNode } from 'react';
import { useCall } from '../../api/context';
import { Alert } from '../../components/Alert';
import { Loading } from '../../components/Spinner';
import { RecoveryScreen } from './RecoveryScreen';

/** Nothing else renders on a damaged or newer database: every screen would only fail. */
export function DatabaseGate({ children }: { children: ReactNode }) {
  const info = useCall('app.info', {});
  if (info.isPending) return <Loading label="Starting…" />;
  if (info.isError)
    return (
      <main className="slds-p-around_large">
        <Alert variant="error" title="The app’s back end did not answer">
          {info.error.message}
        </Alert>
      </main>
    );
  if (info.data.database.state !== 'ok') return <RecoveryScreen info={info.data} />;
  return <>{children}</>;
}

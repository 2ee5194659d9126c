import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useState } from 'react';
import { HashRouter, Route, Routes } from 'react-router';
import type { Api } from '../api/client';
import { ApiProvider } from '../api/context';
import { invalidateAfterChange } from '../api/invalidation';
import { HomePage } from '../features/home/HomePage';
import { OrgLayout } from '../features/org/OrgLayout';
import { DashboardPage } from '../features/dashboard/DashboardPage';
import { CollectPage } from '../features/collect/CollectPage';
import { UsersPage } from '../features/users/UsersPage';
import { UserDetailPage } from '../features/user/UserDetailPage';
import { SystemsPage } from '../features/systems/SystemsPage';
import { SystemEditorPage } from '../features/systems/SystemEditorPage';
import { ChecklistPage } from '../features/checklist/ChecklistPage';
import { DriftPage } from '../features/drift/DriftPage';
import { RightSizePage } from '../features/rightsize/RightSizePage';
import { EvidencePage } from '../features/evidence/EvidencePage';
import { SnapshotsPage } from '../features/snapshots/SnapshotsPage';
import { DatabaseGate } from '../features/recovery/DatabaseGate';
import { SnapshotImportProvider } from '../features/snapshots/ImportProvider';
import { Shell } from './Shell';
import { NotFound } from './NotFound';

/**
 * A synthetic DataTable load for the e2e virtualization test, only in builds made with
 * VITE_IUA_TEST_ROUTES=1 (`npm run test:e2e`); other builds leave the page out entirely.
 */
const TablePerfPage = import.meta.env.VITE_IUA_TEST_ROUTES === '1' ? lazy(() => import('../features/perf/TablePerfPage').then((m) => ({ default: m.TablePerfPage }))) : null;

export function App({ api }: { api: Api }) {
  const [queryClient] = useState(() => new QueryClient({ defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false, staleTime: 30_000 } } }));
  // The one invalidation: each back-end change refreshes the queries it can affect.
  useEffect(() => api.on('data.changed', (change) => void invalidateAfterChange(queryClient, change)), [api, queryClient]);
  return (
    <ApiProvider api={api}>
      <QueryClientProvider client={queryClient}>
        <HashRouter>
          <DatabaseGate>
            <SnapshotImportProvider>
              <Routes>
                <Route element={<Shell />}>
                  <Route index element={<HomePage />} />
                  <Route path="orgs/:alias" element={<OrgLayout />}>
                    <Route index element={<DashboardPage />} />
                    <Route path="collect" element={<CollectPage />} />
                    <Route path="users" element={<UsersPage />} />
                    <Route path="users/:userId" element={<UserDetailPage />} />
                    <Route path="systems" element={<SystemsPage />} />
                    <Route path="systems/new" element={<SystemEditorPage />} />
                    <Route path="systems/:system/edit" element={<SystemEditorPage />} />
                    <Route path="systems/:system/checklist" element={<ChecklistPage />} />
                    <Route path="systems/:system/right-size" element={<RightSizePage />} />
                    <Route path="drift" element={<DriftPage />} />
                    <Route path="evidence" element={<EvidencePage />} />
                    <Route path="snapshots" element={<SnapshotsPage />} />
                  </Route>
                  {TablePerfPage && (
                    <Route
                      path="_perf/table"
                      element={
                        <Suspense fallback={null}>
                          <TablePerfPage />
                        </Suspense>
                      }
                    />
                  )}
                  <Route path="*" element={<NotFound />} />
                </Route>
              </Routes>
            </SnapshotImportProvider>
          </DatabaseGate>
        </HashRouter>
      </QueryClientProvider>
    </ApiProvider>
  );
}

import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { HashRouter, Route, Routes } from 'react-router';
import type { Api } from '../api/client';
import { ApiProvider } from '../api/context';
import { HomePage } from '../features/home/HomePage';

export function App({ api }: { api: Api }) {
  const [queryClient] = useState(() => new QueryClient({ defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } } }));
  // Back-end events invalidate cached queries, so every screen shows current data.
  useEffect(() => {
    const off = api.on('data.changed', () => void queryClient.invalidateQueries());
    return off;
  }, [api, queryClient]);
  return (
    <ApiProvider api={api}>
      <QueryClientProvider client={queryClient}>
        <HashRouter>
          <Routes>
            <Route path="*" element={<HomePage />} />
          </Routes>
        </HashRouter>
      </QueryClientProvider>
    </ApiProvider>
  );
}

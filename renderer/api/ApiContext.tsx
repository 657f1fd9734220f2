import { createContext, useContext, type ReactNode } from 'react';
import type { WorkbenchClient } from './client.js';

const ApiContext = createContext<WorkbenchClient | null>(null);

export function ApiProvider({ client, children }: { client: WorkbenchClient; children: ReactNode }) {
  return <ApiContext.Provider value={client}>{children}</ApiContext.Provider>;
}

export function useApi(): WorkbenchClient {
  const client = useContext(ApiContext);
  if (!client) throw new Error('useApi() outside <ApiProvider>');
  return client;
}

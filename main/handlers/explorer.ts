import type { App } from '../api/app.js';
import type { Workspace } from '../db/workspace.js';
import { exportConversations, getConversation, listConversations } from '../explorer/service.js';

export function registerExplorerHandlers(
  app: App, host: { readonly workspace: Workspace; readonly search?: { refresh(): Promise<unknown> } },
): void {
  // A page that finds explorer_docs stale (conversations changed in place) has the search service refill it as a job.
  const onStaleDocs = () => void host.search?.refresh().catch(() => {});
  app.method('conversations-list', (q) => listConversations(host.workspace.db, q, { onStaleDocs }));
  app.method('conversation-get', ({ id }) => getConversation(host.workspace.db, id));
  app.method('conversations-export', (q) => exportConversations(host.workspace.db, q));
}

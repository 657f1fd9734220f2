import type { App } from '../api/app.js';
import type { Workspace } from '../db/workspace.js';
import { exportConversations, getConversation, listConversations } from '../explorer/service.js';

export function registerExplorerHandlers(app: App, host: { readonly workspace: Workspace }): void {
  app.method('conversations-list', (q) => listConversations(host.workspace.db, q));
  app.method('conversation-get', ({ id }) => getConversation(host.workspace.db, id));
  app.method('conversations-export', (q) => exportConversations(host.workspace.db, q));
}

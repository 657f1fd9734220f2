// The IPC surface: two channels, and only the app's own page in the main window may use them. Any other
// sender (a subframe, a page the window was somehow navigated to, another window) is refused before
// anything reaches the backend.
import { defaultErrorEnvelope, RemoteError, type ErrorEnvelope } from './host-protocol.js';
import { isAppUrl } from './window.js';

import { CHOOSE_PATH_CHANNEL, INVOKE_CHANNEL } from './channels.js';

/** The parts of `IpcMainInvokeEvent` the check reads. `senderFrame.parent` is null for a top frame. */
export interface InvokeEvent {
  sender: { id: number };
  senderFrame: { url: string; parent: unknown } | null;
}

/** Who may call: the main window's webContents id (null while there is none) and the app's URL. */
export interface TrustedSender {
  contentsId: number | null;
  appUrl: string;
}

/** True only for the top frame of the main window showing the app's own file:// page. */
export function isTrustedSender(e: InvokeEvent, trusted: TrustedSender): boolean {
  const frame = e.senderFrame;
  return trusted.contentsId !== null && e.sender.id === trusted.contentsId && frame !== null && frame.parent === null && isAppUrl(frame.url, trusted.appUrl);
}

/** What the renderer receives: a result, or an error it shows (Electron strips thrown errors' fields). */
export type InvokeReply = { result: unknown } | ErrorEnvelope;

const FORBIDDEN: ErrorEnvelope = { error: 'This page may not call the workbench', code: 'forbidden' };

/** The reply for an error: the backend's own envelope, or the shell's error with its code. */
export function replyFor(e: unknown): ErrorEnvelope {
  return e instanceof RemoteError ? e.toEnvelope() : defaultErrorEnvelope(e);
}

export interface IpcDeps {
  trusted: () => TrustedSender;
  invoke: (method: string, args: unknown) => Promise<unknown>;
  choosePath: (kind: 'file' | 'folder') => Promise<string | null>;
}

/** The `workbench:invoke` handler. */
export function invokeHandler(deps: Pick<IpcDeps, 'trusted' | 'invoke'>) {
  return async (e: InvokeEvent, method: unknown, args: unknown): Promise<InvokeReply> => {
    if (!isTrustedSender(e, deps.trusted())) return FORBIDDEN;
    if (typeof method !== 'string') return { error: 'The method name must be a string', code: 'unknown-method' };
    try {
      return { result: (await deps.invoke(method, args)) ?? null };
    } catch (err) {
      return replyFor(err);
    }
  };
}

/** The `workbench:choose-path` handler: a native picker, for the app's page only. */
export function choosePathHandler(deps: Pick<IpcDeps, 'trusted' | 'choosePath'>) {
  return async (e: InvokeEvent, kind: unknown): Promise<string | null> => {
    if (!isTrustedSender(e, deps.trusted())) return null;
    return deps.choosePath(kind === 'folder' ? 'folder' : 'file');
  };
}

/** The parts of `ipcMain` used. */
export interface IpcMainLike {
  handle(channel: string, listener: (e: InvokeEvent, ...args: unknown[]) => unknown): void;
}

export function registerIpc(ipcMain: IpcMainLike, deps: IpcDeps): void {
  const invoke = invokeHandler(deps);
  const choose = choosePathHandler(deps);
  ipcMain.handle(INVOKE_CHANNEL, (e, method, args) => invoke(e, method, args));
  ipcMain.handle(CHOOSE_PATH_CHANNEL, (e, kind) => choose(e, kind));
}

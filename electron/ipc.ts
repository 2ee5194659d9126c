/**
 * Binds every contract call to IPC, once, through one function. Each handler checks that
 * the sender is our own app frame before anything else, then lets the back end validate
 * the input against the contract's schema. Kept free of the `electron` import so it can be
 * tested under plain Node with a fake ipcMain.
 */
import { CALL_NAMES, type Result } from '../shared/contract';
import type { Backend } from './services/backend';
import { originOf } from './origin';

/** The slice of Electron's IpcMainInvokeEvent we rely on. */
export interface InvokeEventLike {
  senderFrame: { url: string } | null;
}
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, input: unknown) => Promise<Result<unknown>>): void;
}

export const APP_ORIGIN = 'app://iua';

/** True only for a frame loaded from our own origin (the custom protocol, or the dev server). */
export function isTrustedFrame(frame: { url: string } | null, allowedOrigins: readonly string[] = [APP_ORIGIN]): boolean {
  if (!frame) return false;
  const origin = originOf(frame.url);
  return origin !== null && allowedOrigins.includes(origin);
}

export function bindContract(ipcMain: IpcMainLike, backend: Pick<Backend, 'dispatch'>, allowedOrigins: readonly string[] = [APP_ORIGIN]): string[] {
  for (const channel of CALL_NAMES) {
    ipcMain.handle(channel, async (event, input) => {
      if (!isTrustedFrame(event.senderFrame, allowedOrigins)) {
        return { ok: false, error: { code: 'forbidden', message: 'Call refused: it did not come from the app window.' } };
      }
      return backend.dispatch(channel, input);
    });
  }
  return [...CALL_NAMES];
}

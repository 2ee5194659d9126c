/**
 * The only bridge between the page and the main process. It exposes exactly two functions:
 * invoke(channel, input) for contract calls and on(event, handler) for contract events —
 * never ipcRenderer itself, and nothing for channels the contract does not name.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { CALL_NAMES, EVENT_NAMES } from '../shared/contract';

const callNames = new Set<string>(CALL_NAMES);
const eventNames = new Set<string>(EVENT_NAMES);

export const bridge = {
  invoke(channel: string, input: unknown): Promise<unknown> {
    if (!callNames.has(channel)) return Promise.resolve({ ok: false, error: { code: 'not_found', message: `Unknown call: ${channel}` } });
    return ipcRenderer.invoke(channel, input);
  },
  on(event: string, handler: (payload: unknown) => void): () => void {
    if (!eventNames.has(event)) throw new Error(`Unknown event: ${event}`);
    const listener = (_e: IpcRendererEvent, payload: unknown) => handler(payload);
    ipcRenderer.on(`event:${event}`, listener);
    return () => {
      ipcRenderer.removeListener(`event:${event}`, listener);
    };
  },
};

contextBridge.exposeInMainWorld('iua', bridge);

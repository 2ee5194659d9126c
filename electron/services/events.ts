/** A typed event bus: back-end services emit contract events; each front door forwards them. */
import type { EventName, EventPayload } from '../../shared/contract';

export type Listener = <E extends EventName>(name: E, payload: EventPayload<E>) => void;

export class EventBus {
  private listeners = new Set<Listener>();

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    for (const l of this.listeners) {
      try {
        l(name, payload);
      } catch {
        // One broken subscriber (a closed window, a dropped SSE client) must not stop the others.
      }
    }
  }

  /** Subscribe to every event; returns the unsubscribe function. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

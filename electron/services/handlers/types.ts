import type { z } from 'zod';
import type { CallName, CallOutput, Calls } from '../../../shared/contract';
import type { ServiceContext } from '../context';

/** A handler receives input already parsed by the call's schema. */
export type Handler<C extends CallName> = (input: z.output<Calls[C]['input']>) => Promise<CallOutput<C>> | CallOutput<C>;
export type Handlers = { [C in CallName]: Handler<C> };

/** Each domain file exports one factory for the calls it owns. */
export type HandlerFactory<C extends CallName> = (ctx: ServiceContext) => { [K in C]: Handler<K> };

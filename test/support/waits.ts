/** Small helpers the collection and reliability tests share. */
import net from 'node:net';
import { AppError } from '../../shared/contract';

/** A TCP port on 127.0.0.1 that was free a moment ago (for OAuth loopback redirects). */
export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** The AppError a call must fail with; any other outcome fails the test. */
export async function failure(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected a failure');
}

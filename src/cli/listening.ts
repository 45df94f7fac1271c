// What `dit serve` and `dit server` share around their listening socket: bind errors said plainly,
// a warning for a public address, and the wait for Ctrl-C.
import { usage } from '../errors.js';

/** A start's failure to bind, as a usage error saying what to do; anything else is thrown on. */
export function bindError(host: string, port: number | string): (err: NodeJS.ErrnoException) => never {
  return (err) => {
    if (err.code === 'EADDRINUSE')
      throw usage(`port ${port} is in use; stop the other server or pick another with --port`);
    if (err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND')
      throw usage(`cannot bind ${host}: no such address on this machine`);
    throw err;
  };
}

/** Whether `host` lets other machines in (anything but the loopback names). */
export const isPublic = (host: string): boolean => !['127.0.0.1', 'localhost', '::1'].includes(host);

/** Resolves at the first SIGINT or SIGTERM. */
export function untilStopped(): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

// Fault injection for the kill tests: DIT_FAULT=<point> stops this process with SIGKILL when it reaches that point.
const point = process.env.DIT_FAULT;

/** Dies like `kill -9` here when DIT_FAULT names this point; costs nothing otherwise. */
export function faultPoint(name: string): void {
  if (point === name) process.kill(process.pid, 'SIGKILL');
}

// Progress lines on a terminal, as git draws them: "label: 42% (420/1,000 tickets), 1,234/s", then ", done."
import type { Progress, Step } from '../store/progress.js';
import { SILENT } from '../store/progress.js';

const n = (x: number) => Math.round(x).toLocaleString('en-US');

/**
 * Progress on stderr for a terminal. A step shows only once it has taken `delayMs` (git waits two seconds;
 * `DIT_PROGRESS_DELAY` seconds here, one by default), so quick commands print nothing at all.
 */
export function terminalProgress(write: (text: string) => void, delayMs: number): Progress {
  return (label, unit = '') => {
    const start = Date.now();
    let done = 0;
    let total: number | undefined;
    let shown = false;
    let last = 0;
    let over = false;
    const line = (final: boolean) => {
      const secs = Math.max((Date.now() - start) / 1000, 0.001);
      const count = final && total !== undefined && done < total ? total : done;
      const u = unit ? ` ${unit}` : '';
      const rate = count ? `, ${n(count / secs)}${u}/s` : '';
      const head =
        total !== undefined && total > 0
          ? `${Math.floor((100 * Math.min(count, total)) / total)}% (${n(count)}/${n(total)}${u})${rate}`
          : count
            ? `${n(count)}${u}${rate}`
            : '';
      if (final) return `\r\x1b[K${label}: ${head ? `${head}, ` : ''}done in ${secs.toFixed(1)} s.\n`;
      return `\r\x1b[K${label}: ${head || `${secs.toFixed(1)} s`}`;
    };
    const draw = () => {
      const now = Date.now();
      if (over) return;
      if (now - start < delayMs || now - last < 100) return;
      last = now;
      shown = true;
      write(line(false));
    };
    // a step with no updates (one long git command) still shows that it is under way
    const timer = setInterval(draw, 250);
    timer.unref();
    const step: Step = {
      update: (d, t) => {
        done = d;
        if (t !== undefined) total = t;
        draw();
      },
      end: () => {
        if (over) return;
        over = true;
        clearInterval(timer);
        if (shown) write(line(true));
      },
    };
    return step;
  };
}

/** The progress a command gets: drawn when stderr is a terminal and --quiet was not given, else silent. */
export function progressFor(opts: {
  tty: boolean;
  quiet: boolean;
  env: NodeJS.ProcessEnv;
  write: (text: string) => void;
}): Progress {
  if (!opts.tty || opts.quiet) return SILENT;
  const secs = Number(opts.env.DIT_PROGRESS_DELAY ?? 1);
  return terminalProgress(opts.write, Number.isFinite(secs) && secs >= 0 ? secs * 1000 : 1000);
}

// How long steps report progress: the store says what it does and how far it got; a front end shows it.

/** One step under way: `update` as work is done (with a total when known), `end` once it is over. */
export interface Step {
  update: (done: number, total?: number) => void;
  end: () => void;
}

/** Starts reporting a step; the CLI draws a line on a terminal, everything else stays silent. */
export type Progress = (label: string, unit?: string) => Step;

export const SILENT: Progress = () => ({ update() {}, end() {} });

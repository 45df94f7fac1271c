// Reading other trackers' exports: JSON with positions for errors, and the problem type importers raise.

/** A record the importer cannot read; `where` is a position in the source (`line 12, column 3`, `change 4`). */
export class SourceProblem extends Error {
  constructor(
    readonly where: string,
    message: string,
  ) {
    super(message);
    this.name = 'SourceProblem';
  }
}

/** 1-based line and column of a character offset. */
export function lineCol(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, col: offset - start + 1 };
}

const at = (text: string, offset: number): string => {
  const { line, col } = lineCol(text, offset);
  return `line ${line}, column ${col}`;
};

/** JSON.parse with the failure placed as line and column (Node says "at position N", or nothing at the end). */
function parseAt(text: string, start: number, end: number): unknown {
  try {
    return JSON.parse(text.slice(start, end));
  } catch (err) {
    const msg = (err as Error).message;
    const pos = /position (\d+)/.exec(msg);
    const offset = pos ? start + Number(pos[1]) : end;
    const truncated = !pos || offset >= end || /end of JSON/i.test(msg);
    throw new SourceProblem(
      at(text, offset),
      truncated
        ? 'the JSON ends in the middle of a value (is the file truncated?)'
        : `not valid JSON: ${msg.replace(/ in JSON at position \d+.*$/, '')}`,
    );
  }
}

/** The index of the quote closing the string that opens at `start`. */
function skipString(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const d = text.charCodeAt(i);
    if (d === 92) i++;
    else if (d === 34) return i;
  }
  return text.length;
}

/**
 * The exact text of each element of the array under `key` in a JSON object (git-bug names an
 * operation by the hash of its bytes as stored, so they must not be re-serialised).
 */
export function rawElements(text: string, key: string): string[] {
  let i = text.indexOf('{');
  if (i < 0) return [];
  for (i++; i < text.length; ) {
    while (i < text.length && /[\s,]/.test(text[i]!)) i++;
    if (text[i] !== '"') return [];
    const keyEnd = skipString(text, i);
    const name = JSON.parse(text.slice(i, keyEnd + 1)) as string;
    i = keyEnd + 1;
    while (i < text.length && /[\s:]/.test(text[i]!)) i++;
    const end = valueEnd(text, i);
    if (name === key && text[i] === '[') {
      const out: string[] = [];
      for (let j = i + 1; j < end - 1; ) {
        while (j < end - 1 && /[\s,]/.test(text[j]!)) j++;
        if (j >= end - 1) break;
        const e = valueEnd(text, j);
        out.push(text.slice(j, e));
        j = e;
      }
      return out;
    }
    i = end;
  }
  return [];
}

/** Where one top-level JSON value ends: brackets matched outside strings; the text's end if it never closes. */
function valueEnd(text: string, start: number): number {
  const open = text[start];
  if (open === '"') return skipString(text, start) + 1;
  if (open !== '[' && open !== '{') {
    let i = start;
    while (i < text.length && !/[\s,\]}]/.test(text[i]!)) i++;
    return i;
  }
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) i = skipString(text, i);
    else if (c === 91 || c === 123) depth++;
    else if (c === 93 || c === 125) {
      if (--depth === 0) return i + 1;
    }
  }
  return text.length;
}

/**
 * The records of a JSON export with the offset each starts at. Takes one array, several arrays one after
 * another (what `gh api --paginate` prints), or JSON lines; arrays are flattened.
 */
export function jsonRecords(text: string): { value: unknown; offset: number }[] {
  const out: { value: unknown; offset: number }[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (;;) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (i >= text.length) break;
    const end = valueEnd(text, i);
    const value = parseAt(text, i, end);
    if (Array.isArray(value)) {
      // offsets of the elements, for error messages: cheap to find again with the same scanner
      let j = i + 1;
      for (const element of value) {
        while (j < end && /[\s,]/.test(text[j]!)) j++;
        out.push({ value: element, offset: j });
        j = valueEnd(text, j);
      }
    } else {
      out.push({ value, offset: i });
    }
    i = end;
  }
  return out;
}

/** One JSON document (a Gitblit journal), with a failure placed as line and column. */
export function jsonDocument(text: string): unknown {
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  return parseAt(text, start, text.length);
}

/** "line L, column C" of a record offset. */
export const position = at;

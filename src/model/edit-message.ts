// Texts written in an editor, as git does it: a template with comment lines, stripped on the way back.

/** Comment lines dropped (git's `core.commentChar`, `#` by default), trailing blanks trimmed; a scissors line ends the text. */
export function stripComments(text: string, commentChar = '#'): string {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const out: string[] = [];
  for (const line of lines) {
    if (line.startsWith(`${commentChar} `) && / -+ >8 -+$/.test(line)) break;
    if (line.startsWith(commentChar)) continue;
    out.push(line.replace(/\s+$/, ''));
  }
  while (out.length && out[0] === '') out.shift();
  while (out.length && out.at(-1) === '') out.pop();
  return out.join('\n');
}

/** Help lines for the bottom of an edit buffer, as comments. */
export function commentBlock(lines: readonly string[], commentChar = '#'): string {
  return `${lines.map((l) => (l ? `${commentChar} ${l}` : commentChar)).join('\n')}\n`;
}

/** The first line is the title, the rest (after a blank line) the description. */
export function splitTitle(text: string): { title: string; body: string } {
  const nl = text.indexOf('\n');
  if (nl < 0) return { title: text.trim(), body: '' };
  return { title: text.slice(0, nl).trim(), body: text.slice(nl + 1).replace(/^\n+/, '') };
}

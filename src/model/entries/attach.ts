// `attach`: a file attached to a ticket (a screenshot, a log). Its bytes are a file next to the entry,
// `<blob>.file` in the ticket's folder, named by their git blob id, so they travel with the ticket.
import * as v from 'valibot';
import type { Description, ItemOf } from '../phrase.js';
import { base, MAX_NAME, oid } from '../schema.js';
import type { Draft, Meta } from './draft.js';

/** A file's name as shown and offered for download: no folders, no control characters. */
const fileName = v.pipe(
  v.string(),
  v.minLength(1, 'a file needs a name'),
  v.maxLength(MAX_NAME),
  v.regex(/^[^/\\\u0000-\u001f\u007f]+$/, 'a file name has no slashes or control characters'),
  v.check((s) => s !== '.' && s !== '..', 'a file name is not . or ..'),
);
/** A media type as a browser sends it (`image/png`), lower case, without parameters. */
const mediaType = v.pipe(
  v.string(),
  v.maxLength(127),
  v.regex(/^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/, 'a media type looks like image/png'),
);

export const attachSchema = v.strictObject({
  ...base,
  kind: v.literal('attach'),
  ticket: oid,
  name: fileName,
  type: mediaType,
  size: v.pipe(v.number(), v.integer(), v.minValue(0)),
  /** The git blob id of the bytes: the file `<blob>.file` beside this entry holds them. */
  blob: oid,
});
export type AttachEntry = v.InferOutput<typeof attachSchema>;

/** The name of the file that holds an attachment's bytes in the ticket's folder. */
export const attachmentFileName = (blob: string): string => `${blob}.file`;
export const ATTACHMENT_FILE = /^([0-9a-f]{40})\.file$/;

export function applyAttach(d: Draft, e: AttachEntry, m: Meta): void {
  if (d.attachments.some((a) => a.blob === e.blob && a.name === e.name)) return; // the same file twice is one
  const a = { entry: m.id, name: e.name, type: e.type, size: e.size, blob: e.blob, time: m.time, author: m.author };
  d.attachments.push(a);
  d.timeline.push({ kind: 'attachment', ...a });
}

export const describeAttachment = (item: ItemOf<'attachment'>): Description => ({
  event: 'changed',
  says: ['attached ', { file: item.name }, ` (${item.type}, ${item.size.toLocaleString('en')} bytes)`],
  text: null,
});

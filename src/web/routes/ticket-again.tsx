// A ticket form that failed: the ticket page again, saying what went wrong, with what the user typed.
import type { Context } from 'hono';
import { DitError, statusOf } from '../../errors.js';
import { frame, ticketData } from '../data.js';
import { type Form, str, withBranch } from '../form.js';
import { TicketPage } from '../pages/ticket.js';
import type { Scope } from '../site.js';

/** Answers `err` on ticket `id`'s page when it is the user's to fix; any other error is thrown on. */
export async function ticketAgain(
  c: Context,
  site: Scope,
  token: string,
  form: Form,
  id: string,
  err: unknown,
  draft?: string,
): Promise<Response> {
  if (!(err instanceof DitError) || err.code === 'unknown-ticket') throw err;
  const branch = str(form, 'branch') || null;
  const view = await site.view(branch ?? undefined);
  const [fr, d] = await Promise.all([
    frame(site, token, branch, withBranch(`/tickets/${id}`, branch ?? undefined)),
    ticketData(site, view, id),
  ]);
  return c.html(<TicketPage f={fr} d={d} flash={err.message} draft={draft} />, statusOf(err.code));
}

// Reading a JSON API request's body against a schema, for every API route alike.
import type { Context } from 'hono';
import type * as v from 'valibot';
import { DitError } from '../errors.js';
import * as input from '../store/ops/input.js';

/** The JSON body, checked against a schema; a body that is not JSON, or of the wrong shape, is a 400 naming the field. */
export async function jsonBody<S extends v.GenericSchema>(c: Context, schema: S): Promise<v.InferOutput<S>> {
  const raw = await c.req.json().catch(() => {
    throw new DitError('bad-input', 'the body is not JSON; send Content-Type: application/json with a JSON object');
  });
  return input.parseBody(schema, raw);
}

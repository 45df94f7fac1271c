// A reader's preferences: the colour theme, kept in a cookie (a form post, so it works without script).
import type { Hono } from 'hono';
import { DitError } from '../../errors.js';
import { backTo, formOf, str } from '../form.js';
import { THEMES, type Theme, themeCookie } from '../theme.js';

export function prefRoutes(app: Hono): void {
  app.post('/theme', async (c) => {
    const form = await formOf(c);
    const theme = str(form, 'theme') as Theme | undefined;
    if (!theme || !THEMES.includes(theme))
      throw new DitError('usage', `a theme is one of ${THEMES.join(', ')}; pick one of the page's choices`);
    c.header('Set-Cookie', themeCookie(theme));
    return c.redirect(backTo(form, '/'), 303);
  });
}

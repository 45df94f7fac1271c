// The colour theme a reader chose (light, dark, or the system's), remembered in a cookie so every page
// arrives in it, with or without script.
import type { Context } from 'hono';

export const THEMES = ['auto', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];
export const THEME_COOKIE = 'dit-theme';

/** The theme the request's cookie names; the system's when none or an unknown one. */
export function themeOf(c: Context): Theme {
  const m = new RegExp(`(?:^|;\\s*)${THEME_COOKIE}=([a-z]+)`).exec(c.req.header('cookie') ?? '');
  const v = m?.[1] as Theme | undefined;
  return v && THEMES.includes(v) ? v : 'auto';
}

/** The Set-Cookie header value that remembers a theme for a year, for this server's pages only. */
export const themeCookie = (theme: Theme): string =>
  `${THEME_COOKIE}=${theme}; Path=/; Max-Age=31536000; SameSite=Strict; HttpOnly`;

// The hosting server's error page (its JSON twin and its title come from web/error-answer.ts).
import type { FC } from 'hono/jsx';
import { type HostFrame, HostLayout } from './layout.js';

export const HostErrorPage: FC<{ h: HostFrame; title: string; message: string }> = ({ h, title, message }) => (
  <HostLayout h={h}>
    <div class="blankslate">
      <h1 class="h2">{title}</h1>
      <p id="error-message">{message}</p>
    </div>
  </HostLayout>
);

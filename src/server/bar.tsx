// The account strip above a repository's pages, as HTML to put into them.
import type { User } from './accounts.js';
import { AccountBar } from './pages/layout.js';

export function AccountBarHtml(user: Pick<User, 'name' | 'admin'> | null, csrf: string, _repo: string): string {
  return String(<AccountBar h={{ user: user as User | null, csrf }} />);
}

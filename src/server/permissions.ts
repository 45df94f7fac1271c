// Who may do what on a repository: anonymous people read public ones; grants give read, write, admin;
// server administrators may do everything.
import { rank, type Accounts, type Level, type User } from './accounts.js';

export function levelFor(accounts: Accounts, user: User | null, repo: string): Level {
  if (user?.admin) return 'admin';
  const granted: Level = user ? accounts.grantOf(user.id, repo) : 'none';
  if (granted !== 'none') return granted;
  return accounts.repoSettings(repo).public ? 'read' : 'none';
}

export const may = (have: Level, want: Level): boolean => rank(have) >= rank(want);

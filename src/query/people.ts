// People in queries: how a people-set entry or a responsible field names a person.

export interface Person {
  name: string;
  email: string;
}

/** Reads a people-set entry or a responsible field: "Name <email>", an email, or a name. */
export function personOf(s: string): Person {
  const m = /^(.*?)\s*<([^<>]*)>$/.exec(s);
  if (m) return { name: m[1]!, email: m[2]! };
  return s.includes('@') ? { name: '', email: s } : { name: s, email: '' };
}

// What one query may hold: bounds that keep its parse, its SQL and its cost small whatever is typed.

/** How deep parentheses and `-` may nest: far beyond a person's query, far below the stack's limit. */
export const MAX_NESTING = 32;
/** How many terms (words, phrases, qualifiers) one query may hold: each is a search the index runs. */
export const MAX_TERMS = 100;
/** How long a query may be, in characters: a page of text, far beyond what a filter needs. */
export const MAX_QUERY_LENGTH = 2000;

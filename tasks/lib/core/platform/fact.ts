/**
 * A fact about GitHub or Apple that the toolkit relies on. Platforms change every few
 * months, so each fact carries where it was read and the day it was last checked: the
 * doctor warns when the newest check is older than its bound, and a test holds every
 * fact to having both.
 */
export interface PlatformFact<T> {
  value: T;
  /** an announcement, a documentation page or a changelog entry, by its address or name */
  source: string;
  /** the day the source was last read against the toolkit's use of it, `YYYY-MM-DD` */
  checked: string;
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Declare a fact; a malformed date is a bug in the facts table, caught at load. */
export function fact<T>(value: T, source: string, checked: string): PlatformFact<T> {
  if (!ISO_DAY.test(checked) || Number.isNaN(Date.parse(checked)))
    throw new Error(`platform fact checked on "${checked}": expected YYYY-MM-DD`);
  if (!source.trim()) throw new Error("platform fact without a source");
  return { value, source, checked };
}

/**
 * How old the toolkit's knowledge of the platform is. GitHub retires a runner image
 * about once a year and moves action runtimes on a similar rhythm, so facts last
 * checked more than half a year ago may no longer hold.
 */
import type { PlatformFact } from "./fact.ts";

/** About six months: shorter than the notice GitHub gives before it retires an image. */
export const STALE_AFTER_DAYS = 183;

export interface Staleness {
  /** the most recent `checked` day: when the toolkit's platform facts were last reviewed */
  newest: string;
  oldest: string;
  /** whole days from `newest` to `now` */
  ageDays: number;
  stale: boolean;
}

const DAY = 86_400_000;

export function staleness(facts: readonly PlatformFact<unknown>[], now: Date, bound = STALE_AFTER_DAYS): Staleness {
  if (!facts.length) throw new Error("bug: no platform facts");
  const days = facts.map((f) => f.checked).sort();
  const newest = days.at(-1)!;
  const ageDays = Math.floor((now.getTime() - Date.parse(`${newest}T00:00:00Z`)) / DAY);
  return { newest, oldest: days[0]!, ageDays, stale: ageDays > bound };
}

/**
 * The one list of every platform fact. A new facts file adds one line to
 * `FACT_TABLES`; the test that holds each fact to a source and a date, and the
 * doctor's staleness warning, read `PLATFORM_FACTS`.
 */
import { actionFacts } from "./actions.ts";
import { appleFacts } from "./apple.ts";
import type { PlatformFact } from "./fact.ts";
import { pypiFacts } from "./pypi.ts";
import { releaseFacts } from "./releases.ts";
import { runnerFacts } from "./runners.ts";

export const FACT_TABLES: readonly (readonly PlatformFact<unknown>[])[] = [
  runnerFacts,
  actionFacts,
  appleFacts,
  releaseFacts,
  pypiFacts,
];

export const PLATFORM_FACTS: readonly PlatformFact<unknown>[] = FACT_TABLES.flat();

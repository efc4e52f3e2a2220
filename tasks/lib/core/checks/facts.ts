/**
 * Facts gathered once per doctor run and shared by several checks (the checks run
 * concurrently, so the promise is shared, not the value).
 */
import type { CheckContext, CheckFacts } from "./types.ts";

type PromiseKeys = {
  [K in keyof CheckFacts]-?: NonNullable<CheckFacts[K]> extends Promise<unknown> ? K : never;
}[keyof CheckFacts];
type FactValue<K extends PromiseKeys> = Awaited<NonNullable<CheckFacts[K]>>;

export function memoFact<K extends PromiseKeys>(
  ctx: CheckContext,
  key: K,
  gather: () => FactValue<K> | Promise<FactValue<K>>,
): Promise<FactValue<K>> {
  const existing = ctx.facts[key] as Promise<FactValue<K>> | undefined;
  if (existing) return existing;
  const p = Promise.resolve().then(gather);
  (ctx.facts as Record<string, unknown>)[key] = p;
  return p;
}

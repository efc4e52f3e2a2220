/**
 * Facts gathered once per doctor run and shared by several checks (the checks run
 * concurrently, so the promise is shared, not the value).
 */
import type { CheckContext } from "../checks/types.ts";
import { readWorkflows, type Workflow } from "./workflows.ts";

export function memoFact<T>(ctx: CheckContext, key: string, gather: () => T | Promise<T>): Promise<T> {
  const existing = ctx.facts[key] as Promise<T> | undefined;
  if (existing) return existing;
  const p = Promise.resolve().then(gather);
  ctx.facts[key] = p;
  return p;
}

export const workflowsOf = (ctx: CheckContext): Promise<Workflow[]> => memoFact(ctx, "contract.workflows", () => readWorkflows(ctx.root));

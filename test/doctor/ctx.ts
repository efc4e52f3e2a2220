/** A CheckContext over a temp folder, with a config built from a plain object (no file, no git). */
import type { CheckContext } from "../../tasks/lib/core/checks/types.ts";
import type { ReleaseConfig } from "../../tasks/lib/core/config/load.ts";
import { parseConfig } from "../../tasks/lib/core/config/parse.ts";
import type { ReleaseConfigInput } from "../../tasks/lib/core/config/schema.ts";

export function makeConfig(root: string, input: Partial<ReleaseConfigInput> = {}): ReleaseConfig {
  const { versionFiles, ...rest } = input;
  const parsed = parseConfig({ name: "atlas", ...rest }, "test config");
  const files = (versionFiles ?? []).map((v) =>
    typeof v === "string" ? { path: v, kind: "json" as const } : { path: v.path, kind: v.kind ?? ("json" as const) },
  );
  return { ...parsed, root, source: "test", repository: "acme/atlas", versionFiles: files };
}

export function makeCtx(
  root: string,
  opts: {
    config?: Partial<ReleaseConfigInput>;
    env?: NodeJS.ProcessEnv;
    now?: Date;
    facts?: Record<string, unknown>;
  } = {},
): CheckContext {
  return {
    root,
    config: makeConfig(root, opts.config),
    env: opts.env ?? {},
    now: opts.now ?? new Date(),
    facts: { ...(opts.facts ?? {}) },
  };
}

/** id → status, for compact assertions */
export const statuses = (results: { id: string; status: string }[]) =>
  Object.fromEntries(results.map((r) => [r.id, r.status]));

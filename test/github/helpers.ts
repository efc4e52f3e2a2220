/** Shared set-up for the GitHub tests: a check context (the stand-in: test/helpers/stand-in.ts). */
import type { ReleaseConfig } from "../../tasks/lib/core/config/load.ts";
import { parseConfig } from "../../tasks/lib/core/config/parse.ts";
import type { CheckContext } from "../../tasks/lib/core/checks/types.ts";

export function checkContext(
  env: NodeJS.ProcessEnv,
  opts: { repository?: string; apiUrl?: string; offline?: boolean } = {},
): CheckContext {
  const parsed = parseConfig(
    {
      name: "Atlas",
      ...(opts.repository ? { repository: opts.repository } : {}),
      github: opts.apiUrl ? { apiUrl: opts.apiUrl } : {},
    },
    "test",
  );
  const config = {
    ...parsed,
    root: process.cwd(),
    source: "test",
    repository: opts.repository,
    versionFiles: [],
  } as unknown as ReleaseConfig;
  // PATH without `gh`, so the machine's own login never leaks into a test.
  return {
    root: process.cwd(),
    config,
    env: { PATH: "/nonexistent", ...env },
    now: new Date(),
    facts: {},
    ...(opts.offline ? { offline: true } : {}),
  };
}

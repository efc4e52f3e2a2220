/**
 * The actions the templates pin and the runtime each of their versions needs, with
 * GitHub's JavaScript-runtime timeline. A pin is the full commit of a release tag,
 * read with git from the action's own repository where its snapshot had the release;
 * `runs.using` of that commit's action.yml is its runtime.
 */
import { fact, type PlatformFact } from "./fact.ts";

export type ActionRuntime = "node12" | "node16" | "node20" | "node24" | "composite" | "docker";

export interface ActionPin {
  /** the release the pin names (the comment after the SHA) */
  version: string;
  sha: string;
  runtime: ActionRuntime;
}

export interface ActionFacts {
  /** what the templates use: a current major that runs on Node 24 (or needs no Node) */
  pin: ActionPin;
  /** the first version of each runtime, ascending: a version runs on the last entry at or below it */
  runtimes: readonly (readonly [version: string, runtime: ActionRuntime])[];
  /** a moving major tag whose commit is older than the newest release of that major */
  majorTags?: Readonly<Record<string, ActionRuntime>>;
  /** inputs the pinned version needs that older ones derived (dtolnay's toolchain from the ref's name) */
  requiredWith?: Readonly<Record<string, string>>;
}

const CHECKED = "2026-12-07";
const tags = (repo: string, head: string) =>
  `git tags and action.yml runs.using of github.com/${repo} (snapshot ${head})`;

export const ACTIONS = {
  "actions/checkout": fact<ActionFacts>(
    {
      pin: { version: "v7.0.1", sha: "3d3c42e5aac5ba805825da76410c181273ba90b1", runtime: "node24" },
      runtimes: [
        ["v2", "node12"],
        ["v3", "node16"],
        ["v4", "node20"],
        ["v5", "node24"],
      ],
    },
    tags("actions/checkout", "f548e57e, 2026-07-20"),
    CHECKED,
  ),
  "actions/setup-node": fact<ActionFacts>(
    {
      pin: { version: "v7.0.0", sha: "820762786026740c76f36085b0efc47a31fe5020", runtime: "node24" },
      runtimes: [
        ["v1", "node12"],
        ["v3", "node16"],
        ["v4", "node20"],
        ["v5", "node24"],
      ],
    },
    tags("actions/setup-node", "ae0d4ed0, 2026-08-18"),
    CHECKED,
  ),
  "actions/setup-python": fact<ActionFacts>(
    {
      pin: { version: "v7.0.0", sha: "5fda3b95a4ea91299a34e894583c3862153e4b97", runtime: "node24" },
      runtimes: [
        ["v1", "node12"],
        ["v3", "node16"],
        ["v5", "node20"],
        ["v6", "node24"],
      ],
    },
    tags("actions/setup-python", "5fda3b95, 2026-07-19"),
    CHECKED,
  ),
  "actions/upload-artifact": fact<ActionFacts>(
    {
      pin: { version: "v7.0.0", sha: "bbbca2ddaa5d8feaa63e36b76fdaad77386f024f", runtime: "node24" },
      runtimes: [
        ["v2", "node12"],
        ["v3", "node16"],
        ["v4", "node20"],
        ["v6", "node24"],
      ],
    },
    tags("actions/upload-artifact", "bbbca2dd, 2026-02-25"),
    CHECKED,
  ),
  "actions/download-artifact": fact<ActionFacts>(
    {
      pin: { version: "v8.0.1", sha: "3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c", runtime: "node24" },
      runtimes: [
        ["v2", "node12"],
        ["v3", "node16"],
        ["v4", "node20"],
        ["v7", "node24"],
      ],
    },
    tags("actions/download-artifact", "484a0b52, 2026-03-12"),
    CHECKED,
  ),
  "astral-sh/setup-uv": fact<ActionFacts>(
    {
      pin: { version: "v10.0.1", sha: "20cfd1bf945f4377ade1205e4dbc17946fc9a30d", runtime: "node24" },
      runtimes: [
        ["v1", "node20"],
        ["v7", "node24"],
      ],
    },
    tags("astral-sh/setup-uv", "19b4d1e9, 2026-08-20"),
    CHECKED,
  ),
  // The stored snapshot stops at v4.0.0 (2025-01); v6.0.10's commit is the one actions/setup-node's own
  // Dependabot branch pins (c4208895, 2026-08-11), its runtime as GitHub's annotations and v4.4.0's notes report.
  "pnpm/action-setup": fact<ActionFacts>(
    {
      pin: { version: "v6.0.10", sha: "0977fd99725f1db4007ccb2928dbb4e90d06cc86", runtime: "node24" },
      runtimes: [
        ["v1", "node12"],
        ["v2.2.3", "node16"],
        ["v3", "node20"],
        ["v4.4.0", "node24"],
      ],
      majorTags: { v4: "node20" },
    },
    `${tags("pnpm/action-setup", "e303250a, 2025-01-09")}; v6.0.10 from actions/setup-node's branch dependabot/github_actions/pnpm/action-setup-6.0.10; node24 from v4.4.0 on: https://github.com/pnpm/action-setup/releases/tag/v4.4.0`,
    CHECKED,
  ),
  // The `stable` branch is rewritten on every release; its master commit with `toolchain: stable` stays reachable.
  "dtolnay/rust-toolchain": fact<ActionFacts>(
    {
      pin: { version: "master 2026-03-27", sha: "3c5f7ea28cd621ae0bf5283f0e981fb97b8a7af9", runtime: "composite" },
      runtimes: [["v1", "composite"]],
      requiredWith: { toolchain: "stable" },
    },
    tags("dtolnay/rust-toolchain", "3c5f7ea2, 2026-03-27"),
    CHECKED,
  ),
  // A Docker action: no Node runtime. The stored snapshot stops at v1.8.14 (2024-03), too old for
  // Metadata-Version 2.4; v1.14.2's commit is the one many public workflows pin with that comment.
  "pypa/gh-action-pypi-publish": fact<ActionFacts>(
    {
      pin: { version: "v1.14.2", sha: "dc37677b2e1c63e2034f94d8a5b11f265b73ba33", runtime: "docker" },
      runtimes: [["v1", "docker"]],
    },
    `${tags("pypa/gh-action-pypi-publish", "81e9d935, 2024-03-08")}; v1.14.2 as pinned in public workflows (code search, 2026-12-07)`,
    CHECKED,
  ),
} as const satisfies Record<string, PlatformFact<ActionFacts>>;

export type PinnedAction = keyof typeof ACTIONS;

/**
 * Actions no template uses but hand-written release workflows often do, read the same
 * way (tags and `runs.using` of the action's own repository), so the doctor can say
 * which of their versions need a removed runtime and which release to move to.
 */
export const HAND_WRITTEN_ACTIONS = {
  "softprops/action-gh-release": fact<ActionFacts>(
    {
      pin: { version: "v3.0.0", sha: "b4309332981a82ec1c5618f44dd2e27cc8bfbfda", runtime: "node24" },
      runtimes: [
        ["v1", "node16"],
        ["v2", "node20"],
        ["v3", "node24"],
      ],
    },
    tags("softprops/action-gh-release", "2bc819c, 2026-04-26: v2 is v2.6.2 of 2026-04-11"),
    CHECKED,
  ),
} as const satisfies Record<string, PlatformFact<ActionFacts>>;

/** The facts of an action the toolkit knows, pinned by the templates or not. */
export const runtimeFactOf = (action: string): PlatformFact<ActionFacts> | undefined =>
  (({ ...ACTIONS, ...HAND_WRITTEN_ACTIONS }) as Record<string, PlatformFact<ActionFacts>>)[action.toLowerCase()];

export interface RuntimeRemoval {
  runtime: ActionRuntime;
  /** the day GitHub stopped running actions on it */
  removed: string;
}

/**
 * GitHub's JavaScript-action runtimes that no longer run. Node 24 became the default on
 * 2026-06-16 (announced for June 2nd); Node 20 was removed from the runner on
 * 2026-09-23 (first announced for September 16th).
 */
export const REMOVED_RUNTIMES = fact<readonly RuntimeRemoval[]>(
  [
    { runtime: "node12", removed: "2024-06-03" },
    { runtime: "node16", removed: "2024-06-03" },
    { runtime: "node20", removed: "2026-09-23" },
  ],
  "https://github.blog/changelog/2025-09-19-deprecation-of-node-20-on-github-actions-runners/ (editor's note of 2026-08-25, as quoted in runner warnings and embeddedos-org/eos#168); Node 16 forced to Node 20 from 2024-06-03 per https://github.blog/changelog/2023-09-22-github-actions-transitioning-from-node-16-to-node-20/",
  CHECKED,
);

/**
 * What the runner does with an action whose declared runtime GitHub removed: it runs the
 * action on the Node it still has, with no opt-out. The action keeps running, on a
 * Node its version was not released for (and the run shows a deprecation annotation).
 */
export const REMOVED_RUNTIME_FALLBACK = fact<{ runsOn: ActionRuntime }>(
  { runsOn: "node24" },
  "https://github.com/actions/runner/pull/3948 (the migration's last phase, Node 24 required: every JavaScript action runs on Node 24, no opt-out); Node 16 actions were forced onto Node 20 the same way from 2024-06-03 (https://github.blog/changelog/2023-09-22-github-actions-transitioning-from-node-16-to-node-20/)",
  CHECKED,
);

/**
 * Versions of an action GitHub retired: it fails every job that uses one when the job
 * starts ("automatically failed because it uses a deprecated version"), whatever runtime
 * they declare. A range is `from` (inclusive; the first version when absent) to `below`.
 */
export interface ActionRetirement {
  action: string;
  from?: string;
  below: string;
  /** whether a ref naming only the major (`v3`) falls in it; false where GitHub moved that major's tag past the range */
  majorTag: boolean;
  /** the day jobs using it started failing */
  retired: string;
  /** why it fails when its own code is not what GitHub retired (a composite calling a retired action) */
  via?: string;
  /** the release to move to, and its commit in the action's own repository */
  moveTo: { version: string; sha: string };
}

const pinned = (action: PinnedAction) => {
  const { version, sha } = ACTIONS[action].value.pin;
  return { version, sha };
};

export const ARTIFACT_V1_V2_RETIRED = fact<readonly ActionRetirement[]>(
  [
    {
      action: "actions/upload-artifact",
      below: "v3",
      majorTag: true,
      retired: "2024-06-30",
      moveTo: pinned("actions/upload-artifact"),
    },
    {
      action: "actions/download-artifact",
      below: "v3",
      majorTag: true,
      retired: "2024-06-30",
      moveTo: pinned("actions/download-artifact"),
    },
  ],
  "https://github.blog/changelog/2024-02-13-deprecation-notice-v1-and-v2-of-the-artifact-actions/ (v1 and v2 of upload-artifact and download-artifact closed on June 30, 2024; the date as actions/upload-artifact's README notice gives it, snapshot bbbca2dd)",
  CHECKED,
);

export const ARTIFACT_V3_RETIRED = fact<readonly ActionRetirement[]>(
  [
    {
      action: "actions/upload-artifact",
      from: "v3",
      below: "v4",
      majorTag: true,
      retired: "2025-01-30",
      moveTo: pinned("actions/upload-artifact"),
    },
    {
      action: "actions/download-artifact",
      from: "v3",
      below: "v4",
      majorTag: true,
      retired: "2025-01-30",
      moveTo: pinned("actions/download-artifact"),
    },
    {
      action: "actions/upload-pages-artifact",
      below: "v3",
      majorTag: true,
      retired: "2025-01-30",
      via: "its v1 and v2 upload with actions/upload-artifact@v3 (action.yml of v1.0.10 and v2.0.0); v3 and later need actions/deploy-pages v4 or later",
      moveTo: { version: "v5.0.0", sha: "fc324d3547104276b827a68afc52ff2a11cc49c9" },
    },
  ],
  "https://github.blog/changelog/2024-04-16-deprecation-notice-v3-of-the-artifact-actions/ (first set for 2024-11-30, moved to January 30, 2025 by the notices of 2024-11-05 and 2024-12-05 and GitHub's e-mail to users, as quoted in public issues); actions/upload-pages-artifact action.yml per tag (snapshot fc324d35, 2026-04-08)",
  CHECKED,
);

export const CACHE_LEGACY_RETIRED = fact<readonly ActionRetirement[]>(
  [
    {
      action: "actions/cache",
      below: "v3",
      majorTag: true,
      retired: "2025-02-01",
      moveTo: { version: "v5.0.5", sha: "27d5ce7f107fe9357f9df03efb73ab90386fccae" },
    },
    // v3.4.0 and v4.2.0 are the first releases on the new cache service (@actions/cache ^4.0.0); the v3 and v4 tags moved past them.
    {
      action: "actions/cache",
      from: "v3",
      below: "v3.4.0",
      majorTag: false,
      retired: "2025-02-01",
      moveTo: { version: "v5.0.5", sha: "27d5ce7f107fe9357f9df03efb73ab90386fccae" },
    },
    {
      action: "actions/cache",
      from: "v4",
      below: "v4.2.0",
      majorTag: false,
      retired: "2025-02-01",
      moveTo: { version: "v5.0.5", sha: "27d5ce7f107fe9357f9df03efb73ab90386fccae" },
    },
  ],
  "https://github.blog/changelog/2024-12-05-notice-of-upcoming-releases-and-breaking-changes-for-github-actions/#actions-cache-v1-v2-and-actions-toolkit-cache-package-closing-down; actions/cache README, Important changes (snapshot 27d5ce7f, 2026-04-13): the legacy cache service sunset from February 1st, 2025 (rolled out to every repository by March 1st, 2025, per actions/cache discussion 1510), runs of older versions fail, pinned commits must be those of v4.2.0 or v3.4.0 or later; package.json per tag",
  CHECKED,
);

export const RETIRED_ACTIONS: readonly PlatformFact<readonly ActionRetirement[]>[] = [
  ARTIFACT_V1_V2_RETIRED,
  ARTIFACT_V3_RETIRED,
  CACHE_LEGACY_RETIRED,
];

const parts = (v: string) =>
  v
    .replace(/^v/, "")
    .split(".")
    .map((n) => Number.parseInt(n, 10) || 0);

/** -1, 0 or 1, comparing `v4.2` and `v4.10.0` as numbers (missing parts are 0). */
export function compareVersions(a: string, b: string): number {
  const x = parts(a);
  const y = parts(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d) return Math.sign(d);
  }
  return 0;
}

/**
 * The retirement a version of an action falls in, once its day has come. A ref with a
 * suffix (`v3-node20`) is read by its number; a branch or an unnamed commit is not judged.
 */
export function retirementOf(
  action: string,
  ref: string,
  now: Date,
): { retirement: ActionRetirement; fact: PlatformFact<readonly ActionRetirement[]> } | undefined {
  const m = /^v?(\d+(?:\.\d+)*)(?:-[\w.]+)?$/.exec(ref);
  if (!m) return undefined;
  const version = `v${m[1]}`;
  const majorOnly = !m[1]!.includes(".");
  for (const f of RETIRED_ACTIONS)
    for (const r of f.value) {
      if (r.action !== action.toLowerCase() || (majorOnly && !r.majorTag)) continue;
      if (r.from && compareVersions(version, r.from) < 0) continue;
      if (compareVersions(version, r.below) >= 0) continue;
      if (now.getTime() >= Date.parse(`${r.retired}T00:00:00Z`)) return { retirement: r, fact: f };
    }
  return undefined;
}

/** The runtime a version of a known action runs on; undefined for an unknown action or a non-version ref. */
export function runtimeOf(action: string, version: string): ActionRuntime | undefined {
  const f = runtimeFactOf(action);
  if (!f || !/^v?\d+(\.\d+)*$/.test(version)) return undefined;
  const v = version.startsWith("v") ? version : `v${version}`;
  const tag = f.value.majorTags?.[v];
  if (tag) return tag;
  let runtime: ActionRuntime | undefined;
  for (const [from, r] of f.value.runtimes) if (compareVersions(v, from) >= 0) runtime = r;
  return runtime;
}

/** The day GitHub removed a runtime, or undefined when it still runs. */
export function runtimeRemoved(runtime: ActionRuntime, now: Date): string | undefined {
  const r = REMOVED_RUNTIMES.value.find((x) => x.runtime === runtime);
  return r && now.getTime() >= Date.parse(`${r.removed}T00:00:00Z`) ? r.removed : undefined;
}

/** The version a template pin names for a known action, with its commit. */
export const pinOf = (action: string): PlatformFact<ActionFacts> | undefined =>
  (ACTIONS as Record<string, PlatformFact<ActionFacts>>)[action.toLowerCase()];

export const actionFacts: readonly PlatformFact<unknown>[] = [
  ...Object.values(ACTIONS),
  ...Object.values(HAND_WRITTEN_ACTIONS),
  REMOVED_RUNTIMES,
  REMOVED_RUNTIME_FALLBACK,
  ...RETIRED_ACTIONS,
];

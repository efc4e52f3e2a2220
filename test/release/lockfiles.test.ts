/**
 * Lockfile refreshes as the tools want them, decided from the lockfile's text alone.
 * The `[options]` shapes below are the ones uv writes (seen in Niamoto's uv.lock and
 * in uv's own lock tests): an absolute cutoff; a relative span beside a placeholder
 * absolute value; per-package cutoffs as a timestamp, `{ timestamp, span }` or `false`.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { lockfileRefresh, uvResolverArgs } from "../../tasks/lib/release/lockfiles.ts";
import { argvOf, programOf, shownOf } from "../../tasks/lib/release/command-line.ts";

const lock = (options: string) =>
  `version = 1\nrevision = 3\n\n${options}\n[[package]]\nname = "x"\nversion = "1.0.0"\n`;

test("uvResolverArgs(): the stored options become the flags that pass them back", () => {
  const table: [string, string[]][] = [
    ["", []],
    ['[options]\nexclude-newer = "2026-05-30T12:42:52.571368Z"\n', ["--exclude-newer", "2026-05-30T12:42:52.571368Z"]],
    // A relative cutoff: uv keeps a meaningless absolute value beside the span; the span is what to pass.
    ['[options]\nexclude-newer = "0001-01-01T00:00:00Z"\nexclude-newer-span = "P7D"\n', ["--exclude-newer", "P7D"]],
    [
      '[options]\nexclude-newer = "2026-05-30T00:00:00Z"\n\n[options.exclude-newer-package]\nzeta = "2026-06-02T00:00:00Z"\nalpha = { timestamp = "2024-03-11T00:00:00Z", span = "P2W" }\nbeta = { timestamp = "2024-03-11T00:00:00Z" }\npinned = false\n',
      [
        "--exclude-newer",
        "2026-05-30T00:00:00Z",
        "--exclude-newer-package",
        "alpha=P2W",
        "--exclude-newer-package",
        "beta=2024-03-11T00:00:00Z",
        "--exclude-newer-package",
        "pinned=false",
        "--exclude-newer-package",
        "zeta=2026-06-02T00:00:00Z",
      ],
    ],
    ['[options]\nresolution-mode = "lowest"\n', []],
  ];
  for (const [options, want] of table) assert.deepEqual(uvResolverArgs(lock(options)), want, options);
  assert.deepEqual(uvResolverArgs("not [ toml"), []);
});

test("lockfileRefresh(): uv and cargo commands inferred, in the lockfile's folder; explicit commands in the root or cwd", () => {
  assert.deepEqual(lockfileRefresh({ path: "uv.lock" }, ["--exclude-newer", "P7D"]), {
    path: "uv.lock",
    kind: "uv",
    command: ["uv", "lock", "--exclude-newer", "P7D"],
    cwd: ".",
  });
  assert.deepEqual(lockfileRefresh({ path: "src-tauri/Cargo.lock" }), {
    path: "src-tauri/Cargo.lock",
    kind: "cargo",
    command: ["cargo", "update", "--workspace", "--offline"],
    cwd: "src-tauri",
  });
  assert.deepEqual(lockfileRefresh({ path: "src-tauri/Cargo.lock", offline: false }).command, [
    "cargo",
    "update",
    "--workspace",
  ]);
  assert.equal(lockfileRefresh({ path: "py/uv.lock", cwd: "." }).cwd, ".");
  assert.deepEqual(lockfileRefresh({ path: "ui/pnpm-lock.yaml", command: ["pnpm", "install"], cwd: "ui" }), {
    path: "ui/pnpm-lock.yaml",
    kind: "custom",
    command: ["pnpm", "install"],
    cwd: "ui",
  });
  assert.equal(lockfileRefresh({ path: "ui/x.lock", command: "make lock" }).cwd, ".");
});

test("a shell string runs in sh and needs only sh; argv is shown quoted", () => {
  assert.deepEqual(argvOf("cd ui && pnpm build"), ["sh", "-c", "cd ui && pnpm build"]);
  assert.equal(programOf("cd ui && pnpm build"), "sh");
  assert.equal(programOf(["pnpm", "build"]), "pnpm");
  assert.equal(shownOf(["bash", "-c", "echo it's"]), "bash -c 'echo it'\\''s'");
});

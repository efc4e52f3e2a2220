import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { PROJECT_ROOT } from "../helpers/run-entry.ts";
import { cut, releaseRepo } from "./helpers.ts";

test("--dry-run --json is the same under deno run -A as under tsx", (t) => {
  if (!existsSync(join(PROJECT_ROOT, "node_modules", ".bin", "deno"))) return t.skip("deno not installed");
  const repo = releaseRepo({
    extra: {
      "release.config.ts":
        'export default { name: "demo", versionFiles: ["pyproject.toml", "src/demo/__version__.py"], preflight: [{ id: "ok", command: ["true"] }] };\n',
    },
  });
  t.after(repo.cleanup);
  repo.commit("feat(ui): a view\n\nBREAKING CHANGE: the old view is gone", { "a.txt": "1" });
  repo.commit('fix: ümlaut and "quotes"', { "a.txt": "2" });
  const node = cut(repo, ["--dry-run"], {}, "tsx");
  const deno = cut(repo, ["--dry-run"], {}, "deno");
  assert.equal(node.code, 0, node.stderr);
  assert.equal(deno.code, 0, deno.stderr);
  assert.equal(deno.stdout, node.stdout);
  assert.equal(node.json.plan.target, "2.0.0");
});

/**
 * importFresh() sees a file's new text on a second import in the same process. Observed
 * while moving gen-workflows' tests in-process: a release.config.ts in a folder with no
 * package.json loads as CommonJS, and a plain `import()` (even with a new query string)
 * returned the first text again, so a dropped workflow was not reported as stale.
 */
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { pathToFileURL } from "node:url";
import { importFresh } from "../../tasks/lib/core/fresh-import.ts";
import { tempDirFor } from "../helpers/tmp.ts";

test("importFresh() reads a .ts module again after it changed, in a folder without package.json", async (t) => {
  const file = join(tempDirFor(t), "release.config.ts");
  writeFileSync(file, 'export default { name: "first" };\n');
  assert.deepEqual((await importFresh(file)).default, { name: "first" });
  writeFileSync(file, 'export default { name: "second" };\n');
  assert.deepEqual((await importFresh(file)).default, { name: "second" });
  // The same text again: the same module, not a new evaluation.
  assert.equal((await importFresh(file)).default, (await importFresh(file)).default);
});

test("why it exists: a second plain import() with a new query string returns the first text", async (t) => {
  const file = join(tempDirFor(t), "release.config.ts");
  writeFileSync(file, "export default 1;\n");
  assert.equal((await import(`${pathToFileURL(file).href}?a`)).default, 1);
  writeFileSync(file, "export default 2;\n");
  assert.equal((await import(`${pathToFileURL(file).href}?b`)).default, 1, "CommonJS keeps the module by file name");
});

/**
 * importFresh() sees a file's new text on a second import in the same process. Observed
 * while moving gen-workflows' tests in-process: a plain `import()` of a release.config.ts
 * returned the first text again, so a dropped workflow was not reported as stale. (Under
 * Node 20 even a new query string did: a `.ts` file in a folder with no package.json
 * loaded as CommonJS, kept by file name; Node 22 and later honour the query string.)
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

test("why it exists: a module is evaluated once per URL, so a changed file needs a URL of its own", async (t) => {
  const file = join(tempDirFor(t), "release.config.ts");
  writeFileSync(file, 'export default { name: "first" };\n');
  const url = `${pathToFileURL(file).href}?a`;
  const first = await import(url);
  writeFileSync(file, 'export default { name: "second" };\n');
  assert.equal(await import(url), first, "the first evaluation, whatever the file says now");
});

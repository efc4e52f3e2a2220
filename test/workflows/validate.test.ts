/**
 * Every generated file passes GitHub's own parser and validator with zero errors and
 * zero warnings. The secrets context is the config's declared secret names, so a
 * secret the config does not name would be reported too.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { DescriptionDictionary, data } from "@actions/expressions";
import { validate } from "@actions/languageservice";
import { NoOperationTraceWriter, parseWorkflow } from "@actions/workflow-parser";
import type { TemplateContext } from "../../templates/context.ts";
import { render } from "../../tasks/lib/workflows/render.ts";
import { everyRendering, repoContext } from "./fixtures.ts";

function config(ctx: TemplateContext) {
  return {
    contextProviderConfig: {
      getContext: async (name: string) => {
        if (name !== "secrets") return undefined;
        const d = new DescriptionDictionary();
        for (const s of ["GITHUB_TOKEN", ...Object.values(ctx.signingSecrets)]) d.add(s, new data.StringData("***"));
        return d;
      },
    },
  };
}

/** `uri` must be unique per text: the language service caches contexts by document. */
async function diagnostics(path: string, text: string, ctx: TemplateContext) {
  const diags = await validate({ uri: `file:///${path}`, getText: () => text } as never, config(ctx));
  const parsed = parseWorkflow({ name: path, content: text }, new NoOperationTraceWriter());
  return [
    ...diags.map((d) => `${d.severity === 2 ? "warning" : "error"} line ${d.range.start.line + 1}: ${d.message}`),
    ...parsed.context.errors.getErrors().map((e) => `parser: ${e.message}`),
  ];
}

test("every generated workflow validates with zero errors and zero warnings", async () => {
  for (const { label, ctx, files } of await everyRendering()) {
    assert.equal(files.size, ctx.generate.length, label);
    for (const [path, text] of files)
      assert.deepEqual(await diagnostics(`${label.replace(/\W/g, "-")}/${path}`, text, ctx), [], `${label}: ${path}`);
  }
});

test("this repository's own generated CI validates with zero errors and zero warnings", async () => {
  const ctx = await repoContext();
  const files = render(ctx);
  assert.deepEqual([...files.keys()], [".github/workflows/ci.yml"]);
  for (const [path, text] of files) assert.deepEqual(await diagnostics(`this-repository/${path}`, text, ctx), [], path);
});

test("the validator is not blind: a misspelt key, a bad expression and an undeclared secret are reported", async () => {
  const { ctx, files } = (await everyRendering())[0]!;
  const text = files.get(".github/workflows/build-tauri.yml")!;
  const misspelt = text.replace("    runs-on: ubuntu-latest", "    runs_on: ubuntu-latest");
  assert.ok(
    (await diagnostics("misspelt.yml", misspelt, ctx)).some((d) => d.startsWith("error")),
    "misspelt key",
  );
  const badContext = text.replace("${{ matrix.runner }}", "${{ matrx.runner }}");
  assert.ok((await diagnostics("bad-context.yml", badContext, ctx)).length > 0, "unknown context");
  const undeclared = text.replace("secrets.APPLE_ID }}", "secrets.APPLE_IDD }}");
  assert.ok(
    (await diagnostics("undeclared.yml", undeclared, ctx)).some((d) => d.includes("APPLE_IDD")),
    "undeclared secret",
  );
});

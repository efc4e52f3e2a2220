/**
 * The "Where is it decided" index of docs/ARCHITECTURE.md stays true: every row names a
 * file that exists and a function that file declares at its top level (a function
 * declaration, or a `const` bound to a function), read with the TypeScript parser. A
 * function renamed or moved fails here until the index follows it.
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import type { Nodes, Table } from "mdast";
import { toString as textOf } from "mdast-util-to-string";
import ts from "typescript";
import { markdownTree } from "../../tasks/lib/docs/markdown.ts";

const ROOT = join(import.meta.dirname, "..", "..");
const HEADING = "Where is it decided";

interface Decision {
  question: string;
  file: string;
  fn: string;
}

/** The index's rows: the decision, then the file and the function, each one code span. */
async function decisions(markdown: string): Promise<Decision[]> {
  const nodes = (await markdownTree(markdown)).children;
  const start = nodes.findIndex((n) => n.type === "heading" && textOf(n) === HEADING);
  assert.ok(start >= 0, `docs/ARCHITECTURE.md has a "${HEADING}" section`);
  const table = nodes.slice(start + 1).find((n): n is Table => n.type === "table" || n.type === "heading");
  assert.ok(table?.type === "table", `the "${HEADING}" section holds a table`);
  const code = (cell: Nodes | undefined) =>
    cell && "children" in cell && cell.children.length === 1 && cell.children[0]!.type === "inlineCode"
      ? cell.children[0].value
      : undefined;
  return table.children.slice(1).map((row) => {
    const [question, file, fn] = row.children;
    const d = { question: textOf(question!), file: code(file), fn: code(fn) };
    assert.ok(d.file && d.fn, `"${d.question}": the file and the function are one code span each`);
    return d as Decision;
  });
}

/** The names a module declares at its top level as functions: `function f`, `const f = (...) =>`, `const f = function`. */
export function declaredFunctions(file: string, text: string): Set<string> {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
  const names = new Set<string>();
  for (const s of source.statements) {
    if (ts.isFunctionDeclaration(s) && s.name) names.add(s.name.text);
    if (ts.isVariableStatement(s))
      for (const d of s.declarationList.declarations)
        if (
          ts.isIdentifier(d.name) &&
          d.initializer &&
          (ts.isArrowFunction(d.initializer) || ts.isFunctionExpression(d.initializer))
        )
          names.add(d.name.text);
  }
  return names;
}

test("declaredFunctions(): declarations and function-valued consts, not other values or nested functions", () => {
  const names = declaredFunctions(
    "x.ts",
    "export function a() {}\nfunction b() {}\nexport const c = () => 1;\nconst d = function () {};\nexport const e = 1;\nfunction f() { function g() {} }\nexport async function h() {}\n",
  );
  assert.deepEqual([...names].sort(), ["a", "b", "c", "d", "f", "h"]);
});

test("every decision of the index names a file that declares the named function", async () => {
  const index = await decisions(readFileSync(join(ROOT, "docs", "ARCHITECTURE.md"), "utf8"));
  assert.ok(index.length >= 20, `the index answers about twenty questions (${index.length})`);
  const wrong = index.flatMap(({ question, file, fn }) => {
    const path = join(ROOT, file);
    if (!existsSync(path)) return [`${question}: ${file} does not exist`];
    return declaredFunctions(file, readFileSync(path, "utf8")).has(fn)
      ? []
      : [`${question}: ${file} declares no ${fn}`];
  });
  assert.deepEqual(wrong, []);
});

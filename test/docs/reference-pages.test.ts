/**
 * The reference pages say what the code declares. Each entry's page (or the section of it)
 * is the one the README's command table links for it, and names every flag the entry's
 * `--help` prints (read from its declaration in `tasks/lib/core/entries.ts`) and every
 * sub-command; docs/configuration.md names every key of the config schema by its full
 * path, and nothing the schema lacks.
 * The check ids and refusal codes are held to docs/checks.md by test/core/codes.test.ts, the
 * links by test/docs/links.test.ts.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { test } from "node:test";
import GithubSlugger from "github-slugger";
import type { Nodes, Table } from "mdast";
import { toString as textOf } from "mdast-util-to-string";
import { configSchema } from "../../tasks/lib/core/config/schema.ts";
import { ENTRIES, type EntrySpec } from "../../tasks/lib/core/entries.ts";
import { markdownTree } from "../../tasks/lib/docs/markdown.ts";

const ROOT = join(import.meta.dirname, "..", "..");
const read = (file: string) => readFileSync(join(ROOT, file), "utf8");

function tables(node: Nodes): Table[] {
  if (node.type === "table") return [node];
  return "children" in node ? node.children.flatMap(tables) : [];
}

/** Each table row's cells: the cell's text, its code spans and the URLs of its links. */
interface Cell {
  text: string;
  code: string[];
  links: string[];
}
async function rows(markdown: string): Promise<Cell[][]> {
  const cellOf = (cell: Nodes): Cell => {
    const code: string[] = [];
    const links: string[] = [];
    const visit = (n: Nodes) => {
      if (n.type === "inlineCode") code.push(n.value);
      if (n.type === "link") links.push(n.url);
      if ("children" in n) n.children.forEach(visit);
    };
    visit(cell);
    return { text: textOf(cell), code, links };
  };
  return tables(await markdownTree(markdown)).flatMap((t) =>
    t.children.slice(1).map((row) => row.children.map(cellOf)),
  );
}

/**
 * The page the README's command table gives an entry: the first link of the row whose
 * first cell is `tsx <entry>`, as a path from the repository root, and its anchor if any.
 */
async function pageOf(entry: EntrySpec, readme: string): Promise<{ page: string; anchor?: string } | undefined> {
  const row = (await rows(readme)).find((cells) => cells[0]?.code.includes(`tsx ${entry.path}`));
  const link = row?.flatMap((c) => c.links)[0];
  if (!link) return undefined;
  const [path, anchor] = link.split("#") as [string, string | undefined];
  return { page: relative(ROOT, join(ROOT, dirname("README.md"), path)), ...(anchor ? { anchor } : {}) };
}

/** The text of the section a link's anchor names (to the next heading of its level or above), else the page. */
async function sectionOf(markdown: string, anchor: string | undefined): Promise<string> {
  if (!anchor) return markdown;
  const slugger = new GithubSlugger();
  const headings = (await markdownTree(markdown)).children.flatMap((n) =>
    n.type === "heading" ? [{ depth: n.depth, slug: slugger.slug(textOf(n)), at: n.position!.start.offset! }] : [],
  );
  const i = headings.findIndex((h) => h.slug === anchor);
  assert.ok(i >= 0, `no heading #${anchor}`);
  const end = headings.slice(i + 1).find((h) => h.depth <= headings[i]!.depth);
  return markdown.slice(headings[i]!.at, end?.at);
}

/** What an entry's `--help` prints, as a reader would search for it: `--name`, `-x`, sub-commands. */
function helpWords(entry: EntrySpec): string[] {
  return [
    ...Object.entries(entry.flags).flatMap(([name, f]) => [`--${name}`, ...(f.short ? [`-${f.short}`] : [])]),
    ...Object.keys(entry.subcommands ?? {}),
  ];
}

/** `word` in the page as written, not as the start of a longer flag (`--skip-check` is not `--skip-checks`). */
const names = (page: string, word: string) =>
  new RegExp(`(^|[^\\w-])${word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\w-])`, "m").test(page);

test("every entry has a row in the README's command table, linking a page that exists", async () => {
  const readme = read("README.md");
  for (const entry of ENTRIES) {
    const link = await pageOf(entry, readme);
    assert.ok(link, `README.md's command table has no row for tsx ${entry.path}`);
    assert.doesNotThrow(() => read(link.page), `${link.page} (linked for ${entry.path}) exists`);
  }
});

test("each entry's page names every flag and sub-command its --help prints", async () => {
  const readme = read("README.md");
  const missing: string[] = [];
  for (const entry of ENTRIES) {
    const { page, anchor } = (await pageOf(entry, readme))!;
    const text = await sectionOf(read(page), anchor);
    const where = anchor ? `${page}#${anchor}` : page;
    for (const w of helpWords(entry)) if (!names(text, w)) missing.push(`${where} does not name ${w} (${entry.path})`);
  }
  assert.deepEqual(missing, []);
});

test("a flag is found as written, never inside a longer one", () => {
  assert.ok(names("| `--skip-check ID` | skip one |", "--skip-check"));
  assert.ok(!names("| `--skip-checks` | skip all |", "--skip-check"));
  assert.ok(names("`--help`, `-h`", "-h"));
  assert.ok(!names("`--json` (see --json-lines)", "-j"));
});

test("docs/configuration.md names every key of the config schema by its full path, and no other", async () => {
  const page = read("docs/configuration.md");
  const keys = configSchema.keyPaths();
  assert.ok(keys.includes("workflows.sidecar.placement.externalBin") && keys.includes("lockfiles[].cwd"));
  assert.deepEqual(
    keys.filter((k) => !page.includes(`\`${k}\``)),
    [],
  );
  // Rows document keys in their first cell; a key the schema does not have is a stale row.
  const documented = (await rows(page)).flatMap((cells) => cells[0]?.code ?? []);
  assert.deepEqual(
    documented.filter((k) => !keys.includes(k)),
    [],
  );
});

test("the schema's key paths walk objects, lists, unions and defaults", () => {
  const keys = configSchema.keyPaths();
  for (const k of [
    "name",
    "versioning.preids",
    "changelog.categories[].catchAll",
    "versionFiles[].kind",
    "preflight[].platforms",
    "workflows.tauriPlatforms[].runner",
    "workflows.signingSecrets.APPLE_CERTIFICATE",
    "secrets.environments",
    "docs.readmeSections",
  ])
    assert.ok(keys.includes(k), k);
  assert.deepEqual(
    keys.filter((k, i) => keys.indexOf(k) !== i),
    [],
  );
});

/**
 * `npm test`: every test file, in a few processes instead of one per file. A process
 * per file costs about 0.6 CPU-s before its first test (Node, tsx's loader and its
 * hooks thread, then the modules the file imports, which most files share); with 76
 * files that was about 110 of the suite's 274 CPU-s on the 2-core machine. So the files are
 * dealt into shards, each shard one process that imports its files in turn (their
 * tests run one after another, as within a file), and the shards run side by side.
 * The kill test runs alone: it is the longest file and it kills processes of its own.
 *
 *   npm test                       every file, sharded
 *   npm test -- FILE...            just those files, one process each (plain `tsx --test`)
 *   TEST_SHARDS=n npm test         n shards (default 3)
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const ROOT = resolve(import.meta.dirname, "..");
const TSX = join(ROOT, "node_modules", ".bin", "tsx");
const ALONE = ["test/release/kill.test.ts"];

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory() ? testFiles(join(dir, e.name)) : e.name.endsWith(".test.ts") ? [join(dir, e.name)] : [],
    )
    .sort();
}

/**
 * Deal the files into `n` shards of about the same weight, the largest first (a file's
 * size stands for its running time well enough to keep the shards within seconds).
 */
export function deal(files: readonly { path: string; weight: number }[], n: number): string[][] {
  const shards = Array.from({ length: n }, () => ({ weight: 0, files: [] as string[] }));
  for (const f of [...files].sort((a, b) => b.weight - a.weight || a.path.localeCompare(b.path))) {
    const lightest = shards.reduce((a, b) => (b.weight < a.weight ? b : a));
    lightest.files.push(f.path);
    lightest.weight += f.weight;
  }
  return shards.map((s) => s.files.sort()).filter((s) => s.length > 0);
}

function main(args: string[]): number {
  const tsxTest = (files: string[], concurrency: number) =>
    spawnSync(TSX, ["--test", `--test-concurrency=${concurrency}`, ...files], { cwd: ROOT, stdio: "inherit" }).status ??
    1;
  if (args.length) return tsxTest(args, 3);

  const count = Math.max(1, Number(process.env.TEST_SHARDS ?? 3) || 3);
  const all = testFiles(join(ROOT, "test")).map((p) => relative(ROOT, p));
  const sharded = all.filter((p) => !ALONE.includes(p));
  const shards = deal(
    sharded.map((path) => ({ path, weight: statSync(join(ROOT, path)).size })),
    count,
  );
  const dir = mkdtempSync(join(tmpdir(), "rc-test-shards-"));
  try {
    const entries = shards.map((files, i) => {
      const entry = join(dir, `shard-${i + 1}-of-${shards.length}.test.mts`);
      const imports = files.map((f) => `import ${JSON.stringify(pathToFileURL(join(ROOT, f)).href)};`);
      writeFileSync(entry, `// ${files.length} test files, imported in turn\n${imports.join("\n")}\n`);
      return entry;
    });
    return tsxTest([...ALONE, ...entries], ALONE.length + entries.length);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.filename === process.argv[1]) process.exitCode = main(process.argv.slice(2));

/**
 * The adoption sample's split (bench/labels/adopt-sample.md): stratified by kind, each
 * kind's repositories (in the order its search named them) shuffled by Fisher–Yates with
 * one mulberry32 generator seeded once, kinds in table order; the first half (rounded
 * down) of each kind is the development half, the rest held out. Rewrites the `half`
 * column of the TSV given as argument: `npx tsx bench/sample-split.ts FILE [--seed N]`.
 */
import { readFileSync, writeFileSync } from "node:fs";

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function split(rows: { repository: string; kind: number }[], seed: number): Map<string, "dev" | "heldout"> {
  const random = mulberry32(seed);
  const halves = new Map<string, "dev" | "heldout">();
  const kinds = [...new Set(rows.map((r) => r.kind))].sort((a, b) => a - b);
  for (const kind of kinds) {
    const group = rows.filter((r) => r.kind === kind).map((r) => r.repository);
    for (let i = group.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [group[i], group[j]] = [group[j]!, group[i]!];
    }
    const dev = Math.floor(group.length / 2);
    group.forEach((repo, i) => halves.set(repo, i < dev ? "dev" : "heldout"));
  }
  return halves;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = process.argv[2];
  if (!file) throw new Error("usage: tsx bench/sample-split.ts FILE [--seed N]");
  const seedAt = process.argv.indexOf("--seed");
  const seed = seedAt > 0 ? Number(process.argv[seedAt + 1]) : 20261207;
  const [header, ...lines] = readFileSync(file, "utf8").trimEnd().split("\n");
  const cols = header!.split("\t");
  const at = (name: string) => cols.indexOf(name);
  const rows = lines.map((l) => l.split("\t"));
  const halves = split(
    rows.map((r) => ({ repository: r[at("repository")]!, kind: Number(r[at("kind")]) })),
    seed,
  );
  for (const r of rows) r[at("half")] = halves.get(r[at("repository")]!)!;
  writeFileSync(file, [header, ...rows.map((r) => r.join("\t"))].join("\n") + "\n");
  console.log(`split ${rows.length} repositories with seed ${seed}`);
}

/**
 * The one seeded split behind every evaluation sample (bench/labels/*-sample*): Fisher–Yates
 * driven by mulberry32, so anyone can replay a sample or a split from its seed.
 *
 *   npx tsx bench/sample-split.ts --seed 2024 ITEM...               the items shuffled, one a line
 *   npx tsx bench/sample-split.ts --seed 20261207 --split ITEM...   the two halves (development first)
 *   npx tsx bench/sample-split.ts FILE.tsv [--seed N]               stratified by the `kind` column;
 *                                                                   rewrites the `half` column
 *
 * The doctor's and the CHANGELOG replay's samples use `split`; the adoption sample, whose
 * repositories come in kinds, uses `splitByKind`.
 */
import { readFileSync, writeFileSync } from "node:fs";

/** mulberry32: a small 32-bit generator, enough to shuffle a list reproducibly. */
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

/** Fisher–Yates in place with the given generator (shared so one generator can span several lists). */
function shuffleWith<T>(list: T[], random: () => number): T[] {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [list[i], list[j]] = [list[j]!, list[i]!];
  }
  return list;
}

export const shuffle = <T>(items: readonly T[], seed: number): T[] => shuffleWith([...items], mulberry32(seed));

/** The development half (the first ⌈n/2⌉ of the shuffled, sorted list) and the held-out half. */
export function split<T>(items: readonly T[], seed: number): { development: T[]; heldOut: T[] } {
  const shuffled = shuffle([...items].sort(), seed);
  const half = Math.ceil(shuffled.length / 2);
  return { development: shuffled.slice(0, half), heldOut: shuffled.slice(half) };
}

/**
 * Stratified by kind: each kind's repositories (in the order its search named them) shuffled
 * with one generator seeded once, kinds in ascending order; the first half (rounded down) of
 * each kind is the development half, the rest held out.
 */
export function splitByKind(
  rows: { repository: string; kind: number }[],
  seed: number,
): Map<string, "dev" | "heldout"> {
  const random = mulberry32(seed);
  const halves = new Map<string, "dev" | "heldout">();
  const kinds = [...new Set(rows.map((r) => r.kind))].sort((a, b) => a - b);
  for (const kind of kinds) {
    const group = shuffleWith(
      rows.filter((r) => r.kind === kind).map((r) => r.repository),
      random,
    );
    const dev = Math.floor(group.length / 2);
    group.forEach((repo, i) => halves.set(repo, i < dev ? "dev" : "heldout"));
  }
  return halves;
}

function splitTsv(file: string, seed: number): void {
  const [header, ...lines] = readFileSync(file, "utf8").trimEnd().split("\n");
  const cols = header!.split("\t");
  const at = (name: string) => cols.indexOf(name);
  const rows = lines.map((l) => l.split("\t"));
  const halves = splitByKind(
    rows.map((r) => ({ repository: r[at("repository")]!, kind: Number(r[at("kind")]) })),
    seed,
  );
  for (const r of rows) r[at("half")] = halves.get(r[at("repository")]!)!;
  writeFileSync(file, [header, ...rows.map((r) => r.join("\t"))].join("\n") + "\n");
  console.log(`split ${rows.length} repositories with seed ${seed}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const at = args.indexOf("--seed");
  const seed = at >= 0 ? Number(args[at + 1]) : 20261207;
  const rest = args.filter((a, i) => at < 0 || (i !== at && i !== at + 1));
  if (!Number.isInteger(seed) || (rest[0]?.endsWith(".tsv") !== true && at < 0)) {
    console.error("usage: npx tsx bench/sample-split.ts --seed N [--split] ITEM... | FILE.tsv [--seed N]");
    process.exit(2);
  }
  if (rest[0]?.endsWith(".tsv")) splitTsv(rest[0], seed);
  else if (rest.includes("--split")) {
    const { development, heldOut } = split(
      rest.filter((a) => a !== "--split"),
      seed,
    );
    console.log(`development (${development.length}):\n${development.join("\n")}`);
    console.log(`\nheld-out (${heldOut.length}):\n${heldOut.join("\n")}`);
  } else console.log(shuffle(rest, seed).join("\n"));
}

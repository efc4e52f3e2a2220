/**
 * The seeded shuffle behind the doctor's evaluation sample (bench/labels/doctor-sample.md):
 * Fisher-Yates driven by mulberry32, so anyone can replay a sample or a split from its seed.
 *
 *   npx tsx bench/sample-split.ts --seed 2024 ITEM...          the items shuffled, one a line
 *   npx tsx bench/sample-split.ts --seed 20261207 --split ITEM...  the two halves (development first)
 */

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

export function shuffle<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  const next = mulberry32(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** The development half (the first ⌈n/2⌉ of the shuffled, sorted list) and the held-out half. */
export function split<T>(items: readonly T[], seed: number): { development: T[]; heldOut: T[] } {
  const shuffled = shuffle([...items].sort(), seed);
  const half = Math.ceil(shuffled.length / 2);
  return { development: shuffled.slice(0, half), heldOut: shuffled.slice(half) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const at = args.indexOf("--seed");
  const seed = Number(args[at + 1]);
  if (at < 0 || !Number.isInteger(seed)) {
    console.error("usage: npx tsx bench/sample-split.ts --seed N [--split] ITEM...");
    process.exit(2);
  }
  const items = args.filter((a, i) => i !== at && i !== at + 1 && a !== "--split");
  if (args.includes("--split")) {
    const { development, heldOut } = split(items, seed);
    console.log(`development (${development.length}):\n${development.join("\n")}`);
    console.log(`\nheld-out (${heldOut.length}):\n${heldOut.join("\n")}`);
  } else console.log(shuffle(items, seed).join("\n"));
}

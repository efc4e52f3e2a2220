/**
 * A seeded split of a sample into a development half and a held-out half: the names
 * sorted, shuffled by Fisher–Yates with mulberry32(seed), the first half (rounded up)
 * for development. Recorded with the sample, so the split is made once, before any run.
 */
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

export function split(names: readonly string[], seed: number): { development: string[]; heldOut: string[] } {
  const list = [...names].sort();
  const random = mulberry32(seed);
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [list[i], list[j]] = [list[j]!, list[i]!];
  }
  const half = Math.ceil(list.length / 2);
  return { development: list.slice(0, half), heldOut: list.slice(half) };
}

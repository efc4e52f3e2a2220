/**
 * `gen-workflows --check` on this repository against the runtime's own start-up
 * (`tsx -e 0`), measured side by side (alternating runs, median of each), run by tsx
 * and by Deno. Target: at most 1.2×.
 */
import { type BenchResult, DENO_RUN, printRows, ratioRow, sideBySide, TSX } from "./measure.ts";

const RUNS = 9;
const TARGET = 1.2;

export default async function (): Promise<BenchResult> {
  const [check, base, deno] = sideBySide(
    [
      { argv: [TSX, "tasks/gen-workflows.ts", "--check"] },
      { argv: [TSX, "-e", "0"] },
      { argv: [...DENO_RUN, "tasks/gen-workflows.ts", "--check"] },
    ],
    RUNS,
  );
  const rows = [
    ratioRow("`tsx tasks/gen-workflows.ts --check`", check!, "`tsx -e 0`", base!, TARGET),
    ratioRow("`deno run -A tasks/gen-workflows.ts --check`", deno!, "`tsx -e 0`", base!, TARGET),
  ];
  printRows(rows);
  return { ok: rows.every((r) => r.ok), rows };
}

/**
 * `gen-workflows --check` on this repository against the runtime's own start-up
 * (`tsx -e 0`), measured side by side (alternating runs, median of each).
 * Target: at most 1.2×.
 */
import { type BenchResult, printRows, ratioRow, sideBySide, TSX } from "./measure.ts";

const RUNS = 9;
const TARGET = 1.2;

export default async function (): Promise<BenchResult> {
  const [check, base] = sideBySide(
    [{ argv: [TSX, "tasks/gen-workflows.ts", "--check"] }, { argv: [TSX, "-e", "0"] }],
    RUNS,
  );
  const rows = [ratioRow("`tsx tasks/gen-workflows.ts --check`", check!, "`tsx -e 0`", base!, TARGET)];
  printRows(rows);
  return { ok: rows.every((r) => r.ok), rows };
}

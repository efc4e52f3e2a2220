/** placeholder replaced below */
import type { CheckContext } from "../checks/types.ts";
export async function secretsPush(_ctx: CheckContext, _opts: { json: boolean }): Promise<number> {
  return 1;
}

/**
 * The `memo(key, compute)` of the plugin API: `api.memo` (one table per compile) and `ctx.memo`
 * (one per scan) behave alike — `compute` runs once per key, and its value, `undefined`
 * included, is what every later call with that key gets.
 */

/** A memo function over `table`. */
export function memoIn(table: Map<string, unknown>): <T>(key: string, compute: () => T) => T {
  return <T>(key: string, compute: () => T): T => {
    if (table.has(key)) return table.get(key) as T;
    const v = compute();
    table.set(key, v);
    return v;
  };
}

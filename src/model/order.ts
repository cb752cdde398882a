/** Code-unit order, the same on every machine and locale: what makes outputs byte-stable. */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

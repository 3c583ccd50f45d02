/**
 * "Did you mean": the closest known names to a mistyped one, by edit distance
 * (case-insensitive), within a third of the name's length and at least two edits.
 *
 * @since 0.1.0
 */

const distance = (a: string, b: string): number => {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!
    prev[0] = i
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1))
      diag = up
    }
  }
  return prev[b.length]!
}

/**
 * The known names closest to `typed`, best first (at most three).
 *
 * @since 0.1.0
 * @category utils
 */
export const closest = (typed: string, known: ReadonlyArray<string>): ReadonlyArray<string> => {
  const t = typed.toLowerCase()
  const limit = Math.max(2, Math.floor(t.length / 3))
  return known
    .map((name) => ({ name, d: distance(t, name.toLowerCase()) }))
    .filter((x) => x.d <= limit)
    .sort((x, y) => x.d - y.d || (x.name < y.name ? -1 : 1))
    .slice(0, 3)
    .map((x) => x.name)
}

/**
 * ` Did you mean X?` (or ` Did you mean X or Y?`), or nothing when no name is close.
 *
 * @since 0.1.0
 * @category utils
 */
export const didYouMean = (typed: string, known: ReadonlyArray<string>): string => {
  const names = closest(typed, known)
  return names.length === 0 ? "" : ` Did you mean ${names.join(" or ")}?`
}

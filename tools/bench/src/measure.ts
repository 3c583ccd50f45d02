/**
 * A small timing loop: warm up, then time batches until the budget is spent and
 * report the median batch, which shrugs off a GC pause or a noisy neighbour better than the mean.
 */
export interface Measurement {
  readonly name: string
  readonly microsPerOp: number
  readonly opsPerSecond: number
}

export const measure = (name: string, fn: () => unknown, budgetMillis = 1500): Measurement => {
  let sink: unknown
  const warmEnd = performance.now() + budgetMillis / 5
  let batch = 1
  while (performance.now() < warmEnd) {
    for (let i = 0; i < batch; i++) sink = fn()
    batch = Math.min(batch * 2, 4096)
  }
  const samples: Array<number> = []
  const end = performance.now() + budgetMillis
  while (performance.now() < end) {
    const t0 = performance.now()
    for (let i = 0; i < batch; i++) sink = fn()
    samples.push(((performance.now() - t0) * 1000) / batch)
  }
  if (sink === Symbol.for("never")) console.log(sink)
  samples.sort((a, b) => a - b)
  const micros = samples[Math.floor(samples.length / 2)]!
  return { name, microsPerOp: micros, opsPerSecond: 1e6 / micros }
}

export const table = (rows: ReadonlyArray<Measurement>): string => {
  const w = Math.max(...rows.map((r) => r.name.length))
  return rows
    .map(
      (r) =>
        `${r.name.padEnd(w)}  ${r.microsPerOp.toFixed(2).padStart(9)} µs/op  ${Math.round(r.opsPerSecond).toString().padStart(9)} ops/s`
    )
    .join("\n")
}

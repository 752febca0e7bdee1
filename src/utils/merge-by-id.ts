/** Items by id, oldest (lowest id) first: a poll and a send may bring the same message. */
export function mergeById<T extends { id: number }>(current: readonly T[], more: readonly T[]): T[] {
  const byId = new Map(current.map((item) => [item.id, item]))
  for (const item of more) byId.set(item.id, item)
  return [...byId.values()].sort((a, b) => a.id - b.id)
}

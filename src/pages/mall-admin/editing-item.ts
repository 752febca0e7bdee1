import type { ManagedItem } from '../../shared/api'

// The contract has no single-item read for operators (only the manageItems list), so the list
// hands the row it was opened from to the editor through here.
let handedOver: ManagedItem | null = null

export function handOverForEdit(item: ManagedItem): void {
  handedOver = item
}

/** The item the list handed over for this id, or null (e.g. after a browser reload of the editor). */
export function takeHandedOver(id: number): ManagedItem | null {
  return handedOver?.id === id ? handedOver : null
}

export function SessionActions() {
  return null
}

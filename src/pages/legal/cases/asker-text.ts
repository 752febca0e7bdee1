import type { AskerView } from '../../../shared/api'

/** Who asked, as staff may see it: an anonymous asker is only their county. */
export function askerText(asker: AskerView): string {
  return asker.anonymous ? `匿名职工（${asker.county}）` : `${asker.name} · ${asker.enterprise}`
}

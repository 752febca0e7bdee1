import { initCloud } from './cloud.weapp'

export function startPlatform(): void {
  initCloud()
}

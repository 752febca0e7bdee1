import { takeOverNavBar } from './nav-bar.h5'

/** Each request reads the session token from storage; only the navigation bar needs set-up. */
export function startPlatform(): void {
  takeOverNavBar()
}

/** H5 needs no launch set-up: each request reads the session token from storage. */
export function startPlatform(): void {}

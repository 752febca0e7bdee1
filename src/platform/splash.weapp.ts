export function hideSplash(): void {}

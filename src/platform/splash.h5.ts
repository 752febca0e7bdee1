export function hideSplash(): void {
  document.getElementById('splash')?.remove()
}

export async function openDocument(url: string): Promise<void> {
  // The URL is signed and short-lived; the browser's own PDF viewer shows it.
  window.open(url, '_blank', 'noopener')
}

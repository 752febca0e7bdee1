export async function openDocument(url: string): Promise<void> {
  // The URL is signed and short-lived; the browser shows a PDF and downloads a workbook.
  window.open(url, '_blank', 'noopener')
}

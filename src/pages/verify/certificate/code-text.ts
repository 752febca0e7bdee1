/**
 * The code in what was typed or scanned: a QR code holds the verify page's link (`…?code=…`),
 * paper prints the code in groups of four. Empty when there is none to be found.
 */
export function codeIn(text: string): string {
  const linked = /[?&]code=([0-9A-Za-z]{12})\b/.exec(text)
  if (linked) return linked[1].toUpperCase()
  return text.replace(/[\s\-–—]/g, '').toUpperCase()
}

/** 12 letters and digits, the form the server takes. */
export const isCode = (code: string) => /^[0-9A-Z]{12}$/.test(code)

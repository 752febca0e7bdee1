/** Splits `text` around the listed words (case-insensitive, as the word list matches) so each hit can be marked. */
export function splitOnWords(text: string, words: readonly string[]): { text: string; hit: boolean }[] {
  const wanted = words.filter(Boolean).map((w) => w.toLowerCase())
  if (wanted.length === 0 || !text) return [{ text, hit: false }]
  const lower = text.toLowerCase()
  const parts: { text: string; hit: boolean }[] = []
  let from = 0
  let plain = 0
  while (from < text.length) {
    const word = wanted.filter((w) => lower.startsWith(w, from)).sort((a, b) => b.length - a.length)[0]
    if (word) {
      if (plain < from) parts.push({ text: text.slice(plain, from), hit: false })
      parts.push({ text: text.slice(from, from + word.length), hit: true })
      from += word.length
      plain = from
    } else {
      from += 1
    }
  }
  if (plain < text.length) parts.push({ text: text.slice(plain), hit: false })
  return parts
}

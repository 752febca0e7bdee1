/**
 * How the reader cuts a paragraph for drawing: into sentences (what a tap selects) and, inside
 * them, at the edges of the member's highlights (what is drawn marked). Offsets are the chapter's
 * plain-text offsets, as the server counts them (ChapterBlock.start + index in the block's text).
 */

export interface HighlightRange {
  id: number
  start: number
  end: number
  note: string
}

export interface Segment {
  start: number
  end: number
  text: string
  /** The sentence this piece belongs to: a tap selects all of it. */
  sentenceStart: number
  sentenceEnd: number
  /** The highlight drawn over this piece, if any (the first one when several overlap). */
  highlight: HighlightRange | null
  /** The last piece of a highlight with a note: the page draws the note mark after it. */
  noteMark: boolean
}

/** A sentence ends after 。！？；… (or their ASCII forms) and any closing quotes or brackets. */
const sentenceEnd = /[。！？；!?;…]+[”’」』）)》]*/g

/** [start, end) of each sentence of `text`, relative to it, covering it whole. */
export function sentenceRanges(text: string): [number, number][] {
  const ranges: [number, number][] = []
  let from = 0
  for (const match of text.matchAll(sentenceEnd)) {
    const to = (match.index ?? 0) + match[0].length
    if (to > from) ranges.push([from, to])
    from = to
  }
  if (from < text.length) ranges.push([from, text.length])
  return ranges
}

export function paragraphSegments(text: string, blockStart: number, highlights: HighlightRange[]): Segment[] {
  const blockEnd = blockStart + text.length
  const inside = highlights.filter((h) => h.end > blockStart && h.start < blockEnd)
  const segments: Segment[] = []
  for (const [from, to] of sentenceRanges(text)) {
    const sentenceStart = blockStart + from
    const sentenceEnd = blockStart + to
    const cuts = new Set([sentenceStart, sentenceEnd])
    for (const h of inside) {
      if (h.start > sentenceStart && h.start < sentenceEnd) cuts.add(h.start)
      if (h.end > sentenceStart && h.end < sentenceEnd) cuts.add(h.end)
    }
    const points = [...cuts].sort((a, b) => a - b)
    for (let i = 0; i + 1 < points.length; i++) {
      const start = points[i]
      const end = points[i + 1]
      const highlight = inside.find((h) => h.start <= start && h.end >= end) ?? null
      segments.push({
        start,
        end,
        text: text.slice(start - blockStart, end - blockStart),
        sentenceStart,
        sentenceEnd,
        highlight,
        noteMark: Boolean(highlight?.note) && highlight?.end === end,
      })
    }
  }
  return segments
}

/** The block whose text holds `offset` (or the last one starting before it): where to scroll to. */
export function blockIndexAt(starts: number[], offset: number): number {
  let found = 0
  for (let i = 0; i < starts.length; i++) {
    if (starts[i] <= offset) found = i
    else break
  }
  return found
}

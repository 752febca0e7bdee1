import { describe, expect, it } from 'vitest'
import { blockIndexAt, paragraphSegments, sentenceRanges } from './segments'

describe('reader segments', () => {
  it('cuts sentences after their end marks and closing quotes', () => {
    const text = '子曰：“学而时习之，不亦说乎？”有朋自远方来。余下'
    expect(sentenceRanges(text).map(([a, b]) => text.slice(a, b))).toEqual(['子曰：“学而时习之，不亦说乎？”', '有朋自远方来。', '余下'])
    expect(sentenceRanges('')).toEqual([])
  })

  it('cuts at highlight edges inside sentences and marks the note where the highlight ends', () => {
    const text = '学而时习之，不亦说乎？有朋自远方来。'
    const highlight = { id: 7, start: 10 + 2, end: 10 + 14, note: '朋友' }
    const segments = paragraphSegments(text, 10, [highlight])
    expect(segments.map((s) => [s.text, s.highlight?.id ?? null, s.noteMark])).toEqual([
      ['学而', null, false],
      ['时习之，不亦说乎？', 7, false],
      ['有朋自', 7, true],
      ['远方来。', null, false],
    ])
    // Every piece knows its whole sentence, so a tap selects the sentence.
    expect(segments[2]).toMatchObject({ sentenceStart: 21, sentenceEnd: 28 })
    expect(segments.map((s) => s.text).join('')).toBe(text)
  })

  it('finds the block an offset falls in', () => {
    expect(blockIndexAt([0, 5, 20], 0)).toBe(0)
    expect(blockIndexAt([0, 5, 20], 19)).toBe(1)
    expect(blockIndexAt([0, 5, 20], 999)).toBe(2)
  })
})

import { describe, expect, it } from 'vitest'
import { assembleBlocks } from './blocks'

describe('assembleBlocks', () => {
  it('counts each text block from where it starts in the newline-joined plain text', () => {
    const { blocks, plainText } = assembleBlocks([
      { kind: 'heading', level: 2, text: '学而篇' },
      { kind: 'image', url: '/files/a.jpg', alt: '' },
      { kind: 'paragraph', text: '' },
      { kind: 'paragraph', text: '子曰：学而时习之。' },
      { kind: 'paragraph', text: '有朋自远方来。' },
    ])
    expect(plainText).toBe('学而篇\n子曰：学而时习之。\n有朋自远方来。')
    const texts = blocks.flatMap((b) => (b.kind === 'image' ? [] : [plainText.slice(b.start, b.start + b.text.length)]))
    expect(texts).toEqual(['学而篇', '子曰：学而时习之。', '有朋自远方来。'])
    expect(blocks).toHaveLength(4)
  })
})

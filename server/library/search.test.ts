import { describe, expect, it } from 'vitest'
import { markWords } from './search'

const pieces = (text: string, words: string[]) => {
  const marked = markWords(text, words)
  return marked.marks.map(([start, end]) => marked.text.slice(start, end))
}

describe('markWords', () => {
  it('marks the query words where they stand as words, also inside a longer word the index splits', () => {
    expect(pieces('明月几时有？把酒问青天。', ['明月', '青天'])).toEqual(['明月', '青天'])
    expect(pieces('床前明月光，举头望明月。', ['明月'])).toEqual(['明月', '明月'])
  })

  it('does not mark a single character inside a word, and ignores latin case', () => {
    expect(pieces('明月几时有', ['月'])).toEqual([])
    expect(pieces('Excel办公入门', ['excel'])).toEqual(['Excel'])
  })

  it('joins touching marks and keeps the text whole', () => {
    const marked = markWords('拖欠工资', ['拖欠', '工资'])
    expect(marked).toEqual({ text: '拖欠工资', marks: [[0, 4]] })
  })
})

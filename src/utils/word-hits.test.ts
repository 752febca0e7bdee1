import { describe, expect, it } from 'vitest'
import { splitOnWords } from './word-hits'

describe('splitOnWords', () => {
  it('marks every hit, case-insensitively, keeping the text around them', () => {
    expect(splitOnWords('想认识你，加我微信或VX聊', ['加我微信', 'vx'])).toEqual([
      { text: '想认识你，', hit: false },
      { text: '加我微信', hit: true },
      { text: '或', hit: false },
      { text: 'VX', hit: true },
      { text: '聊', hit: false },
    ])
  })

  it('prefers the longer of two words starting at one place, and leaves text without hits whole', () => {
    expect(splitOnWords('加微信号', ['微信', '微信号'])).toEqual([
      { text: '加', hit: false },
      { text: '微信号', hit: true },
    ])
    expect(splitOnWords('你好', ['微信'])).toEqual([{ text: '你好', hit: false }])
    expect(splitOnWords('你好', [])).toEqual([{ text: '你好', hit: false }])
  })
})

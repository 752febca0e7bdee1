import { describe, expect, it } from 'vitest'
import { hasVisibleContent, sanitizeRichText } from './rich-text'

describe('notice rich text', () => {
  it('keeps formatting and removes every way to run script', () => {
    const dirty =
      '<h3>标题</h3><p style="x" onmouseover="a()">段落<b>粗</b></p><svg onload="b()"></svg>' +
      '<a href="javascript:c()">坏链接</a><a href="https://jiaxing.example/x">好链接</a><img src="data:image/png;base64,AA"><object data="d"></object>'
    const clean = sanitizeRichText(dirty)
    expect(clean).toBe('<h3>标题</h3><p>段落<b>粗</b></p><a>坏链接</a><a href="https://jiaxing.example/x">好链接</a><img />')
  })

  it('tells empty bodies from real ones', () => {
    expect(hasVisibleContent('<p> </p>')).toBe(false)
    expect(hasVisibleContent('<p>文字</p>')).toBe(true)
    expect(hasVisibleContent('<img src="https://a.example/b.png" />')).toBe(true)
  })
})

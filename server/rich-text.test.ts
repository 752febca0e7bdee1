import { describe, expect, it } from 'vitest'
import { hasVisibleContent, sanitizeRichText } from './rich-text'

describe('notice rich text', () => {
  it('keeps formatting and removes every way to run script', () => {
    const dirty =
      '<h3>标题</h3><p style="x" onmouseover="a()">段落<b>粗</b></p><svg onload="b()"></svg>' +
      '<a href="javascript:c()">坏链接</a><a href="https://jiaxing.example/x">好链接</a><img src="data:image/png;base64,AA"><object data="d"></object>'
    const clean = sanitizeRichText(dirty)
    expect(clean).toBe('<h3>标题</h3><p>段落<b>粗</b></p><a>坏链接</a><a href="https://jiaxing.example/x">好链接</a>')
  })

  it('keeps only absolute links and images to public hosts', () => {
    const dirty =
      '<a href="x">相对</a><a href="/api/role">接口</a><a href="#x">锚点</a><a href="//evil.example/">协议相对</a>' +
      '<a href="http://127.0.0.1:8080/healthz">本机</a><a href="https://user:pw@jiaxing.example/">带密码</a>' +
      '<a href="http://jiaxing.example/a">http 链接</a>' +
      '<img src="x"><img src="/api/role"><img src="http://jiaxing.example/a.png"><img src="https://192.168.1.5/a.png">' +
      '<img src="https://e.example/a.png&quot; onerror=&quot;alert(1)"><img src="https://img.example/a.png" alt="图">'
    expect(sanitizeRichText(dirty)).toBe(
      '<a>相对</a><a>接口</a><a>锚点</a><a>协议相对</a><a>本机</a><a>带密码</a><a href="http://jiaxing.example/a">http 链接</a>' +
        '<img src="https://img.example/a.png" alt="图" />',
    )
  })

  it('tells empty bodies from real ones', () => {
    expect(hasVisibleContent('<p> </p>')).toBe(false)
    expect(hasVisibleContent('<p>文字</p>')).toBe(true)
    expect(hasVisibleContent('<img src="https://a.example/b.png" />')).toBe(true)
  })
})

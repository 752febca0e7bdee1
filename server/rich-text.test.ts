import { describe, expect, it } from 'vitest'
import { AppError } from './errors'
import { hasVisibleContent, sanitizeRichText } from './rich-text'

const uploaded = `/files/${'0a'.repeat(32)}.jpg`
const cloudUploaded = `cloud://prod-1a2b.7072-prod-1a2b-1300000000/public/${'0b'.repeat(32)}.png`

function refusal(html: string): string | undefined {
  try {
    sanitizeRichText(html)
    return undefined
  } catch (error) {
    return error instanceof AppError ? error.code : String(error)
  }
}

describe('notice rich text', () => {
  it('keeps formatting and removes every way to run script', () => {
    const dirty =
      '<h3>标题</h3><p style="x" onmouseover="a()">段落<b>粗</b></p><svg onload="b()"></svg>' +
      '<a href="javascript:c()">坏链接</a><a href="https://jiaxing.example/x">好链接</a><object data="d"></object>' +
      `<img src="${uploaded}" onerror="alert(1)" alt="图">`
    expect(sanitizeRichText(dirty)).toEqual({
      html: `<h3>标题</h3><p>段落<b>粗</b></p><a>坏链接</a><a href="https://jiaxing.example/x">好链接</a><img src="${uploaded}" alt="图" />`,
      images: [uploaded],
    })
  })

  it('keeps only absolute links to public hosts', () => {
    const dirty =
      '<a href="x">相对</a><a href="/api/role">接口</a><a href="#x">锚点</a><a href="//evil.example/">协议相对</a>' +
      '<a href="http://127.0.0.1:8080/healthz">本机</a><a href="https://user:pw@jiaxing.example/">带密码</a>' +
      '<a href="http://jiaxing.example/a">http 链接</a>'
    expect(sanitizeRichText(dirty).html).toBe(
      '<a>相对</a><a>接口</a><a>锚点</a><a>协议相对</a><a>本机</a><a>带密码</a><a href="http://jiaxing.example/a">http 链接</a>',
    )
  })

  it('keeps images of our uploads, local and in WeChat cloud storage, and lists them', () => {
    expect(sanitizeRichText(`<p>一</p><img src=" ${uploaded} "><img src="${cloudUploaded}">`)).toEqual({
      html: `<p>一</p><img src="${uploaded}" /><img src="${cloudUploaded}" />`,
      images: [uploaded, cloudUploaded],
    })
  })

  it('refuses a body with an image from anywhere else, instead of dropping it unnoticed', () => {
    for (const src of ['https://img.example/a.png', 'http://jiaxing.example/a.png', 'x', '/api/role', '/files/abc.jpg',
      `/files/${'0a'.repeat(32)}.jpg?x=1`, 'data:image/png;base64,AA', 'javascript:alert(1)', `https://jx.example${uploaded}`]) {
      expect(refusal(`<p>正文</p><img src="${src}">`), src).toBe('NOTICE_IMAGE_NOT_UPLOADED')
    }
    // A tag with no source at all is only a broken box: dropped.
    expect(sanitizeRichText('<p>正文</p><img alt="空">')).toEqual({ html: '<p>正文</p>', images: [] })
  })

  it('tells empty bodies from real ones', () => {
    expect(hasVisibleContent('<p> </p>')).toBe(false)
    expect(hasVisibleContent('<p>文字</p>')).toBe(true)
    expect(hasVisibleContent(`<img src="${uploaded}" />`)).toBe(true)
  })
})

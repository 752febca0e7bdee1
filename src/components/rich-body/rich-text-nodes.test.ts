import { describe, expect, it } from 'vitest'
import { richTextNodes } from './rich-text-nodes'

describe('richTextNodes', () => {
  it('keeps the allowed tags, each with its rt- class', () => {
    expect(richTextNodes('<h3>标题</h3><p>一 <strong>二</strong></p>')).toEqual([
      { name: 'h3', attrs: { class: 'rt-h3' }, children: [{ type: 'text', text: '标题' }] },
      {
        name: 'p',
        attrs: { class: 'rt-p' },
        children: [
          { type: 'text', text: '一 ' },
          { name: 'strong', attrs: { class: 'rt-strong' }, children: [{ type: 'text', text: '二' }] },
        ],
      },
    ])
  })

  it('drops scripts, handlers and unsafe image sources, keeping harmless text', () => {
    const nodes = richTextNodes(
      '<p onclick="steal()">a</p><script>alert(1)</script><img src="javascript:alert(1)"><iframe src="x">b</iframe><img src="https://img.example/c.png" onerror="x">',
    )
    expect(JSON.stringify(nodes)).not.toMatch(/onclick|alert|javascript|onerror|iframe/)
    expect(nodes).toEqual([
      { name: 'p', attrs: { class: 'rt-p' }, children: [{ type: 'text', text: 'a' }] },
      { type: 'text', text: 'b' },
      { name: 'img', attrs: { class: 'rt-img', src: 'https://img.example/c.png' }, children: [] },
    ])
  })

  it('shows uploaded images by their relative URL, and no other relative source', () => {
    const uploaded = `/files/${'ab'.repeat(32)}.jpg`
    expect(richTextNodes(`<img src="${uploaded}"><img src="/api/role"><img src="/files/x.jpg">`)).toEqual([
      { name: 'img', attrs: { class: 'rt-img', src: uploaded }, children: [] },
    ])
  })

  it('decodes entities and closes unbalanced tags the way browsers do', () => {
    expect(richTextNodes('<ul><li>a &amp; b &lt;c&gt;<li>d</ul>x')).toEqual([
      {
        name: 'ul',
        attrs: { class: 'rt-ul' },
        children: [
          { name: 'li', attrs: { class: 'rt-li' }, children: [{ type: 'text', text: 'a & b <c>' }] },
          { name: 'li', attrs: { class: 'rt-li' }, children: [{ type: 'text', text: 'd' }] },
        ],
      },
      { type: 'text', text: 'x' },
    ])
  })
})

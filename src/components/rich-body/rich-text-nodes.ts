import type { RichTextProps } from '@tarojs/components'
import { richTextTags } from '../../shared/rich-text-tags'
import { isUploadedImageUrl } from '../../shared/safe-url'

type RichNode = RichTextProps.Text | RichTextProps.HTMLElement

/** The same subset the server keeps (server/rich-text.ts); anything else is shown as its text. */
const allowedTags = new Set(richTextTags)
const voidTags = new Set(['br', 'img'])
/** Opening one of these while the same tag is open closes the first, as browsers do. */
const selfClosingSiblings = new Set(['li', 'p'])
/** Tags whose content is not text for the reader, dropped entirely. */
const hiddenTags = new Set(['script', 'style', 'textarea', 'option', 'noscript', 'title'])

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' }

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10)
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole
    }
    return entities[name.toLowerCase()] ?? whole
  })
}

/** Our uploaded images, and https images of notices saved before uploads existed. */
function imageSource(raw: string | undefined): string | null {
  if (!raw) return null
  const url = decodeEntities(raw).trim()
  return /^https?:\/\//i.test(url) || isUploadedImageUrl(url) ? url : null
}

/** Every match of a global pattern. Not String.prototype.matchAll, which WeChat on iOS 12 lacks. */
function matchesOf(pattern: RegExp, text: string): RegExpExecArray[] {
  const matches: RegExpExecArray[] = []
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) matches.push(m)
  return matches
}

function attributesOf(source: string): Record<string, string> {
  const attrs: Record<string, string> = {}
  for (const m of matchesOf(/([a-zA-Z_:][-a-zA-Z0-9_:.]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/g, source)) {
    attrs[m[1].toLowerCase()] = m[2] ?? m[3] ?? m[4] ?? ''
  }
  return attrs
}

interface OpenElement {
  node: RichTextProps.HTMLElement & { children: RichNode[] }
  tag: string
}

/**
 * Turns notice HTML into RichText nodes built only from allowed tags, with no attributes
 * except an image source (http(s) or an uploaded image). Used for the editor's live preview (raw admin input) and
 * the reader (already sanitized), so both look the same and the preview can never run markup.
 * Every element gets a `rt-<tag>` class because WeChat's rich-text ignores tag selectors.
 */
export function richTextNodes(html: string): RichNode[] {
  const root: RichNode[] = []
  const stack: OpenElement[] = []
  let hiddenDepth = 0
  // Not Array.prototype.at: WeChat on iOS before 15.4 lacks it and Taro adds no polyfills.
  const top = (): OpenElement | undefined => stack[stack.length - 1]
  const children = () => top()?.node.children ?? root

  for (const m of matchesOf(/<(\/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>|<!--[\s\S]*?-->|([^<]+|<)/g, html)) {
    const [, closing, rawTag, rawAttrs, text] = m
    if (text !== undefined) {
      if (hiddenDepth === 0) children().push({ type: 'text', text: decodeEntities(text) })
      continue
    }
    if (!rawTag) continue // a comment
    const tag = rawTag.toLowerCase()
    if (hiddenTags.has(tag)) {
      hiddenDepth = Math.max(0, hiddenDepth + (closing ? -1 : 1))
      continue
    }
    if (hiddenDepth > 0 || !allowedTags.has(tag)) continue
    if (closing) {
      const index = stack.map((e) => e.tag).lastIndexOf(tag)
      if (index >= 0) stack.length = index
      continue
    }
    if (selfClosingSiblings.has(tag) && top()?.tag === tag) stack.pop()
    const node: OpenElement['node'] = { name: tag, attrs: { class: `rt-${tag}` }, children: [] }
    if (tag === 'img') {
      const src = imageSource(attributesOf(rawAttrs).src)
      if (!src) continue
      node.attrs = { class: 'rt-img', src }
    }
    children().push(node)
    if (!voidTags.has(tag) && !rawAttrs.trim().endsWith('/')) stack.push({ node, tag })
  }
  return root
}

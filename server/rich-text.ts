import sanitizeHtml from 'sanitize-html'
import { richTextTags } from '../src/shared/rich-text-tags'
import { safePublicUrl } from '../src/shared/safe-url'

/**
 * Keeps a URL attribute only when it is an absolute URL to a public host. sanitize-html's own
 * scheme check lets relative URLs through (`x`, `/api/role`, `#x`), which would resolve against
 * the app itself.
 */
function keepSafeUrl(attribute: 'href' | 'src', protocols: Parameters<typeof safePublicUrl>[1]): sanitizeHtml.Transformer {
  return (tagName, attribs) => {
    const kept: sanitizeHtml.Attributes = {}
    for (const [name, value] of Object.entries(attribs)) {
      if (name !== attribute) kept[name] = value
      else {
        const safe = safePublicUrl(value.trim(), protocols)
        if (safe) kept[name] = safe
      }
    }
    return { tagName, attribs: kept }
  }
}

/**
 * The safe subset of HTML a notice body may use. Everything else is dropped: scripts, styles,
 * event handlers, iframes, and every URL that is not absolute http(s) to a public host (links)
 * or https to a public host (images: WeChat loads only https, and an image is fetched unasked).
 */
const options: sanitizeHtml.IOptions = {
  allowedTags: richTextTags,
  allowedAttributes: { a: ['href'], img: ['src', 'alt'] },
  allowedSchemes: ['http', 'https'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: { a: keepSafeUrl('href', ['http:', 'https:']), img: keepSafeUrl('src', ['https:']) },
  // An image without a source shows as a broken box; drop it.
  exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs.src,
}

export function sanitizeRichText(html: string): string {
  return sanitizeHtml(html, options).trim()
}

export function hasVisibleContent(html: string): boolean {
  return sanitizeHtml(html, { allowedTags: ['img'], allowedAttributes: { img: ['src'] } }).trim().length > 0
}

import sanitizeHtml from 'sanitize-html'
import { richTextTags } from '../src/shared/rich-text-tags'

/**
 * The safe subset of HTML a notice body may use. Everything else is dropped: scripts, styles,
 * event handlers, iframes, javascript: and data: URLs.
 */
const options: sanitizeHtml.IOptions = {
  allowedTags: richTextTags,
  allowedAttributes: { a: ['href'], img: ['src', 'alt'] },
  allowedSchemes: ['http', 'https'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
}

export function sanitizeRichText(html: string): string {
  return sanitizeHtml(html, options).trim()
}

export function hasVisibleContent(html: string): boolean {
  return sanitizeHtml(html, { allowedTags: ['img'], allowedAttributes: { img: ['src'] } }).trim().length > 0
}

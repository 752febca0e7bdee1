import sanitizeHtml from 'sanitize-html'
import { richTextTags } from '../src/shared/rich-text-tags'
import { isUploadedImageUrl, safePublicUrl } from '../src/shared/safe-url'
import { AppError } from './errors'

/**
 * Keeps a URL attribute only when it is an absolute URL to a public host. sanitize-html's own
 * scheme check lets relative URLs through (`x`, `/api/role`, `#x`), which would resolve against
 * the app itself.
 */
const keepSafeLink: sanitizeHtml.Transformer = (tagName, { href, ...attribs }) => {
  const safe = href === undefined ? null : safePublicUrl(href.trim(), ['http:', 'https:'])
  return { tagName, attribs: safe ? { ...attribs, href: safe } : attribs }
}

export interface SanitizedBody {
  html: string
  /** The sources of the body's images, in order: each has the shape of an uploaded file's URL. */
  images: string[]
}

/**
 * The safe subset of HTML a notice body may use. Everything else is dropped: scripts, styles,
 * event handlers, iframes, and link URLs that are not absolute http(s) to a public host.
 * Images are different: they are fetched unasked by every member who opens the notice, so they
 * come only from our own uploads, and an image from anywhere else refuses the whole body with
 * NOTICE_IMAGE_NOT_UPLOADED rather than vanishing from it unnoticed. The caller checks that each
 * of `images` is an uploaded file the notice may use.
 */
export function sanitizeRichText(html: string): SanitizedBody {
  const images: string[] = []
  let foreignImage = false
  const clean = sanitizeHtml(html, {
    allowedTags: richTextTags,
    allowedAttributes: { a: ['href'], img: ['src', 'alt'] },
    allowedSchemes: ['http', 'https'],
    // WeChat's cloud storage names files cloud://…; isUploadedImageUrl has checked the rest of it.
    allowedSchemesByTag: { img: ['cloud'] },
    allowProtocolRelative: false,
    disallowedTagsMode: 'discard',
    transformTags: {
      a: keepSafeLink,
      img: (tagName, { src, ...attribs }) => {
        const source = src?.trim()
        if (source && isUploadedImageUrl(source)) {
          images.push(source)
          return { tagName, attribs: { src: source, ...attribs } }
        }
        if (source) foreignImage = true
        return { tagName, attribs }
      },
    },
    // An image without a source shows as a broken box; drop it.
    exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs.src,
  })
  if (foreignImage) throw new AppError('NOTICE_IMAGE_NOT_UPLOADED')
  return { html: clean.trim(), images }
}

export function hasVisibleContent(html: string): boolean {
  return sanitizeHtml(html, { allowedTags: ['img'], allowedAttributes: { img: ['src'] } }).trim().length > 0
}

import { parseDocument } from 'htmlparser2'
import type { AnyNode } from 'domhandler'
import { isTag, isText } from 'domhandler'
import { findAll, getInnerHTML } from 'domutils'
import sanitizeHtml from 'sanitize-html'
import type { BlockContent } from '../blocks'
import { firstNamed, isExternal, localName, parseXml, resolveHref, text } from './xml'

/** What sanitising took out of a book, reported with the import. */
export interface Stripped {
  /** `<script>` elements and elements carrying event handlers (onclick, onload …). */
  scripts: number
  /** src/href of resources outside the book (http, data: URLs, protocol-relative), never fetched. */
  externalResources: number
}

export interface SanitizedChapter {
  /** The body as safe HTML: text formatting, headings, lists and the book's own images only. */
  html: string
  content: BlockContent[]
  /** The first heading's text, or the document's <title>. */
  heading: string
  stripped: Stripped
}

/** The tags a chapter keeps; links lose their target (a book's links point inside the EPUB or away). */
const keptTags = ['p', 'br', 'strong', 'b', 'em', 'i', 'u', 's', 'sup', 'sub', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'blockquote', 'pre', 'div', 'span', 'img']
const resourceAttributes = ['src', 'href', 'data', 'poster', 'srcset', 'background']

function countHostile(nodes: AnyNode[]): Stripped {
  let scripts = 0
  let externalResources = 0
  for (const el of findAll(() => true, nodes)) {
    const name = localName(el)
    if (name === 'script') scripts += 1
    else if (Object.keys(el.attribs).some((key) => /^on/i.test(key))) scripts += 1
    // A link to a web page is text the reader may not follow, not a resource fetched; only resources count.
    if (name === 'a') continue
    for (const key of Object.keys(el.attribs)) {
      const bare = key.includes(':') ? key.slice(key.indexOf(':') + 1) : key
      const value = el.attribs[key]
      if (resourceAttributes.includes(bare.toLowerCase()) && (isExternal(value) || value.trim().startsWith('data:'))) externalResources += 1
    }
  }
  return { scripts, externalResources }
}

const headingLevel = (name: string): 1 | 2 | 3 | null => {
  const m = /^h([1-6])$/.exec(name)
  return m ? (Math.min(Number(m[1]), 3) as 1 | 2 | 3) : null
}
const blockTags = new Set(['p', 'div', 'li', 'ul', 'ol', 'blockquote', 'pre', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6'])

/** The reader's blocks from the sanitised HTML: headings, paragraphs (p, li, blockquote, div text, br splits) and images. */
function toContent(html: string): BlockContent[] {
  const content: BlockContent[] = []
  let buffer = ''
  const flush = (level: 1 | 2 | 3 | null = null) => {
    const t = buffer.replace(/\s+/g, ' ').trim()
    buffer = ''
    if (!t) return
    content.push(level ? { kind: 'heading', level, text: t } : { kind: 'paragraph', text: t })
  }
  const walk = (nodes: AnyNode[]) => {
    for (const node of nodes) {
      if (isText(node)) buffer += node.data
      else if (isTag(node)) {
        if (node.name === 'img') {
          flush()
          content.push({ kind: 'image', url: node.attribs.src, alt: (node.attribs.alt ?? '').trim().slice(0, 200) })
        } else if (node.name === 'br') flush()
        else if (blockTags.has(node.name)) {
          flush()
          walk(node.children)
          flush(headingLevel(node.name))
        } else walk(node.children)
      }
    }
  }
  walk(parseDocument(html).children)
  flush()
  return content
}

/**
 * A spine document made safe: scripts, styles, event handlers, links' targets and anything from
 * outside the book dropped; images kept only when they are files of the book, their src replaced
 * by what `imageToken` answers for the image's path in the zip (null: not in the book, dropped).
 */
export function sanitizeChapter(bytes: Buffer, path: string, imageToken: (zipPath: string) => string | null): SanitizedChapter {
  const doc = parseXml(bytes, `章节 ${path.slice(0, 100)} `)
  const body = firstNamed(doc, 'body')
  const stripped = countHostile(doc.children)
  const bodyHtml = body ? getInnerHTML(body, { xmlMode: false, decodeEntities: true }) : ''
  const html = sanitizeHtml(bodyHtml, {
    allowedTags: keptTags,
    allowedAttributes: { img: ['src', 'alt'] },
    allowedSchemes: [],
    allowedSchemesByTag: { img: ['epub-image'] },
    allowProtocolRelative: false,
    disallowedTagsMode: 'discard',
    transformTags: {
      img: (tagName, { src, alt }): sanitizeHtml.Tag => {
        const zipPath = src && !isExternal(src) && !src.trim().startsWith('data:') ? resolveHref(path, src.trim()) : null
        const token = zipPath ? imageToken(zipPath) : null
        const attribs: sanitizeHtml.Attributes = token ? { src: token, alt: alt ?? '' } : {}
        return { tagName, attribs }
      },
    },
    exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs.src,
  }).trim()
  const content = toContent(html)
  const firstHeading = content.find((c) => c.kind === 'heading')
  const heading = firstHeading && firstHeading.kind === 'heading' ? firstHeading.text : text(firstNamed(doc, 'title'))
  return { html, content, heading, stripped }
}

import { parseDocument } from 'htmlparser2'
import type { Document, Element } from 'domhandler'
import { isTag } from 'domhandler'
import { findAll, findOne, textContent } from 'domutils'
import { AppError } from '../../errors'

/**
 * The XML an EPUB is made of (container, OPF, NCX, XHTML), parsed with htmlparser2 in XML mode.
 * Names are compared without their namespace prefix (`dc:title` and `title` alike), as EPUB files
 * in the wild use any prefix.
 */
export function parseXml(bytes: Buffer, what: string): Document {
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '')
  // htmlparser2 forgives anything; a document without a single element is no document at all.
  const doc = parseDocument(text, { xmlMode: true, decodeEntities: true })
  if (!findOne((e) => isTag(e), doc.children)) throw new AppError('LIBRARY_EPUB_MALFORMED', `EPUB 的${what}无法解析`)
  return doc
}

export function localName(el: Element): string {
  const name = el.name.toLowerCase()
  const colon = name.indexOf(':')
  return colon < 0 ? name : name.slice(colon + 1)
}

export function elementsNamed(root: Document | Element, name: string): Element[] {
  return findAll((e) => localName(e) === name, 'children' in root ? root.children : [])
}

export function firstNamed(root: Document | Element, name: string): Element | null {
  return elementsNamed(root, name)[0] ?? null
}

/** An attribute by local name (`opf:role` and `role` alike). */
export function attr(el: Element, name: string): string | undefined {
  for (const [key, value] of Object.entries(el.attribs)) {
    const colon = key.indexOf(':')
    if ((colon < 0 ? key : key.slice(colon + 1)).toLowerCase() === name) return value
  }
  return undefined
}

export function text(el: Element | null): string {
  return el ? textContent(el).replace(/\s+/g, ' ').trim() : ''
}

/** A path inside the zip from an href relative to the document at `base` (percent-escapes undone, fragment dropped). */
export function resolveHref(base: string, href: string): string | null {
  const withoutFragment = href.split('#')[0]
  if (!withoutFragment) return null
  let decoded: string
  try {
    decoded = decodeURIComponent(withoutFragment)
  } catch {
    return null
  }
  const parts = base.split('/').slice(0, -1)
  for (const part of decoded.split('/')) {
    if (part === '..') {
      if (!parts.length) return null
      parts.pop()
    } else if (part && part !== '.') parts.push(part)
  }
  return parts.join('/')
}

/** A URL that leaves the book (any scheme, or protocol-relative): never fetched, never kept. */
export function isExternal(href: string): boolean {
  return /^\s*([a-z][a-z0-9+.-]*:|\/\/)/i.test(href)
}

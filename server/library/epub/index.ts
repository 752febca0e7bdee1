import type { Document, Element } from 'domhandler'
import { AppError } from '../../errors'
import type { BlockContent } from '../blocks'
import { sanitizeChapter } from './chapter'
import type { Stripped } from './chapter'
import { attr, elementsNamed, firstNamed, parseXml, resolveHref, text } from './xml'
import { openEpubZip } from './zip'
import type { EpubZip } from './zip'

export type { Stripped } from './chapter'

/**
 * Reads an EPUB (2 or 3) into what the import stores: metadata, cover, the table of contents,
 * and the spine's chapters as sanitised HTML and reader blocks, with the images they use.
 * Refuses (AppError) what is not an EPUB, malformed, DRM-protected, a zip bomb, or has no text.
 */

export interface EpubImageFile {
  /** Path in the zip. */
  path: string
  bytes: Buffer
}

export interface EpubChapterRead {
  title: string
  html: string
  /** Blocks before offsets are counted; image urls are `epub-image:<n>`, n an index into `images`. */
  content: BlockContent[]
}

export interface EpubBook {
  version: 2 | 3
  title: string
  author: string
  publisher: string
  isbn: string | null
  description: string
  language: string
  /** Index into `images`, or null. */
  cover: number | null
  chapters: EpubChapterRead[]
  toc: { title: string; depth: number; chapterOrd: number }[]
  images: EpubImageFile[]
  stripped: Stripped
}

export const imageTokenPrefix = 'epub-image:'
const imageMediaTypes = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif'])
const epubMimetype = 'application/epub+zip'
// Font obfuscation (IDPF, Adobe) is not DRM: the fonts are scrambled, the text is readable.
const fontObfuscation = new Set(['http://www.idpf.org/2008/embedding', 'http://ns.adobe.com/pdf/enc#RC'])
const limits = { titleMax: 200, authorMax: 100, publisherMax: 100, descriptionMax: 2000, chaptersMax: 2000 }

interface ManifestItem {
  id: string
  path: string
  mediaType: string
  properties: string[]
}

async function checkDrm(zip: EpubZip): Promise<void> {
  if (zip.names.has('META-INF/rights.xml')) throw new AppError('LIBRARY_EPUB_DRM')
  if (!zip.names.has('META-INF/encryption.xml')) return
  const doc = parseXml(await zip.read('META-INF/encryption.xml'), '加密说明')
  for (const data of elementsNamed(doc, 'encrypteddata')) {
    const method = firstNamed(data, 'encryptionmethod')
    const algorithm = method ? (attr(method, 'algorithm') ?? '') : ''
    if (!fontObfuscation.has(algorithm)) throw new AppError('LIBRARY_EPUB_DRM')
  }
}

function cleanIsbn(identifiers: string[]): string | null {
  for (const raw of identifiers) {
    const digits = raw.replace(/^urn:isbn:/i, '').replace(/[-\s]/g, '')
    if (/^(97[89])?\d{9}[\dXx]$/.test(digits) && (/isbn/i.test(raw) || digits.length === 13)) return digits.toUpperCase()
  }
  return null
}

function clip(value: string, max: number): string {
  return [...value].slice(0, max).join('')
}

/** The EPUB 3 nav document's toc: nested <ol><li><a href>, depth from the nesting. */
function navToc(doc: Document, navPath: string): { title: string; depth: number; path: string }[] {
  const navs = elementsNamed(doc, 'nav')
  const toc = navs.find((n) => /(^|\s)toc(\s|$)/.test(attr(n, 'type') ?? '')) ?? navs[0]
  if (!toc) return []
  const out: { title: string; depth: number; path: string }[] = []
  const walk = (list: Element, depth: number) => {
    for (const li of list.children) {
      if (li.type !== 'tag' || (li as Element).name.replace(/^.*:/, '') !== 'li') continue
      const item = li as Element
      const link = firstNamed(item, 'a')
      const href = link ? attr(link, 'href') : undefined
      const path = href ? resolveHref(navPath, href) : null
      if (link && path) out.push({ title: text(link), depth, path })
      for (const child of item.children) {
        if (child.type === 'tag' && /^(.*:)?ol$/.test((child as Element).name)) walk(child as Element, depth + 1)
      }
    }
  }
  const list = toc.children.find((c): c is Element => c.type === 'tag' && /^(.*:)?ol$/.test((c as Element).name))
  if (list) walk(list, 0)
  return out
}

/** The EPUB 2 NCX's navMap: nested navPoints. */
function ncxToc(doc: Document, ncxPath: string): { title: string; depth: number; path: string }[] {
  const out: { title: string; depth: number; path: string }[] = []
  const walk = (parent: Element, depth: number) => {
    for (const child of parent.children) {
      if (child.type !== 'tag' || !/^(.*:)?navpoint$/i.test((child as Element).name)) continue
      const point = child as Element
      const label = firstNamed(point, 'text')
      const content = point.children.find((c): c is Element => c.type === 'tag' && /^(.*:)?content$/i.test((c as Element).name))
      const src = content ? attr(content, 'src') : undefined
      const path = src ? resolveHref(ncxPath, src) : null
      if (path) out.push({ title: text(label), depth, path })
      walk(point, depth + 1)
    }
  }
  const navMap = firstNamed(doc, 'navmap')
  if (navMap) walk(navMap, 0)
  return out
}

export async function readEpub(bytes: Buffer, onChapter?: (done: number, total: number) => Promise<void> | void): Promise<EpubBook> {
  const zip = await openEpubZip(bytes)
  try {
    if (!zip.names.has('mimetype') || (await zip.read('mimetype')).toString('latin1').trim() !== epubMimetype) {
      throw new AppError('LIBRARY_NOT_EPUB', '文件不是 EPUB 电子书（缺少 EPUB 标识）')
    }
    await checkDrm(zip)
    if (!zip.names.has('META-INF/container.xml')) throw new AppError('LIBRARY_EPUB_MALFORMED', 'EPUB 缺少 META-INF/container.xml')
    const container = parseXml(await zip.read('META-INF/container.xml'), '容器说明')
    const rootfile = firstNamed(container, 'rootfile')
    const opfPath = rootfile ? attr(rootfile, 'full-path') : undefined
    if (!opfPath || !zip.names.has(opfPath)) throw new AppError('LIBRARY_EPUB_MALFORMED', 'EPUB 缺少内容描述文件（OPF）')
    const opf = parseXml(await zip.read(opfPath), '内容描述文件（OPF）')
    const pkg = firstNamed(opf, 'package')
    const metadata = firstNamed(opf, 'metadata')
    const manifestEl = firstNamed(opf, 'manifest')
    const spineEl = firstNamed(opf, 'spine')
    if (!pkg || !metadata || !manifestEl || !spineEl) throw new AppError('LIBRARY_EPUB_MALFORMED', 'EPUB 的内容描述文件缺少必需部分')
    const version = (attr(pkg, 'version') ?? '2').startsWith('3') ? 3 : 2

    const manifest = new Map<string, ManifestItem>()
    for (const item of elementsNamed(manifestEl, 'item')) {
      const id = attr(item, 'id')
      const href = attr(item, 'href')
      const path = href ? resolveHref(opfPath, href) : null
      if (id && path) manifest.set(id, { id, path, mediaType: (attr(item, 'media-type') ?? '').toLowerCase(), properties: (attr(item, 'properties') ?? '').split(/\s+/) })
    }
    const byPath = new Map([...manifest.values()].map((m) => [m.path, m]))

    const title = clip(text(firstNamed(metadata, 'title')), limits.titleMax)
    if (!title) throw new AppError('LIBRARY_EPUB_MALFORMED', 'EPUB 没有书名（dc:title）')
    const author = clip(elementsNamed(metadata, 'creator').map(text).filter(Boolean).join('、'), limits.authorMax)
    const publisher = clip(text(firstNamed(metadata, 'publisher')), limits.publisherMax)
    // Descriptions are often HTML escaped into the element; only its text is kept.
    const description = clip(text(firstNamed(metadata, 'description')).replace(/<[^>]*>/g, '').trim(), limits.descriptionMax)
    const language = clip(text(firstNamed(metadata, 'language')) || 'zh', 20)
    const isbn = cleanIsbn(elementsNamed(metadata, 'identifier').map(text))

    // Images of the book: each path becomes one token however many chapters show it.
    const images: EpubImageFile[] = []
    const imageIndex = new Map<string, number>()
    const pendingImages: string[] = []
    const imageToken = (path: string): string | null => {
      const item = byPath.get(path)
      if (!item || !imageMediaTypes.has(item.mediaType) || !zip.names.has(path)) return null
      let index = imageIndex.get(path)
      if (index === undefined) {
        index = pendingImages.length
        imageIndex.set(path, index)
        pendingImages.push(path)
      }
      return `${imageTokenPrefix}${index}`
    }

    const coverId = elementsNamed(metadata, 'meta').find((m) => attr(m, 'name') === 'cover')
    const coverItem =
      [...manifest.values()].find((m) => m.properties.includes('cover-image')) ??
      (coverId ? manifest.get(attr(coverId, 'content') ?? '') : undefined)
    const coverToken = coverItem ? imageToken(coverItem.path) : null

    const spine = elementsNamed(spineEl, 'itemref').map((ref) => attr(ref, 'idref') ?? '')
    if (!spine.length) throw new AppError('LIBRARY_EPUB_MALFORMED', 'EPUB 的阅读顺序（spine）为空')
    if (spine.length > limits.chaptersMax) throw new AppError('LIBRARY_EPUB_TOO_LARGE', `电子书章节超过 ${limits.chaptersMax} 个，已拒绝导入`)

    const stripped: Stripped = { scripts: 0, externalResources: 0 }
    const chapters: (EpubChapterRead & { path: string })[] = []
    // Spine documents that hold no text (a cover page, a blank) are not chapters; a toc entry
    // pointing at one goes to the next chapter that has text.
    const chapterOfPath = new Map<string, number>()
    const skippedPaths: string[] = []
    for (const [n, idref] of spine.entries()) {
      const item = manifest.get(idref)
      if (!item || !zip.names.has(item.path)) throw new AppError('LIBRARY_EPUB_MALFORMED', `EPUB 阅读顺序中的章节 ${idref.slice(0, 50)} 不存在`)
      if (item.mediaType !== 'application/xhtml+xml' && item.mediaType !== 'text/html') continue
      const chapter = sanitizeChapter(await zip.read(item.path), item.path, imageToken)
      stripped.scripts += chapter.stripped.scripts
      stripped.externalResources += chapter.stripped.externalResources
      if (chapter.content.some((c) => c.kind !== 'image')) {
        for (const p of skippedPaths.splice(0)) chapterOfPath.set(p, chapters.length)
        chapterOfPath.set(item.path, chapters.length)
        chapters.push({ title: clip(chapter.heading || `第 ${chapters.length + 1} 章`, 200), html: chapter.html, content: chapter.content, path: item.path })
      } else skippedPaths.push(item.path)
      await onChapter?.(n + 1, spine.length)
    }
    if (!chapters.length) throw new AppError('LIBRARY_EPUB_EMPTY')

    let rawToc: { title: string; depth: number; path: string }[] = []
    const navItem = [...manifest.values()].find((m) => m.properties.includes('nav'))
    const ncxId = attr(spineEl, 'toc')
    const ncxItem = (ncxId ? manifest.get(ncxId) : undefined) ?? [...manifest.values()].find((m) => m.mediaType === 'application/x-dtbncx+xml')
    if (navItem && zip.names.has(navItem.path)) rawToc = navToc(parseXml(await zip.read(navItem.path), '目录'), navItem.path)
    else if (ncxItem && zip.names.has(ncxItem.path)) rawToc = ncxToc(parseXml(await zip.read(ncxItem.path), '目录（NCX）'), ncxItem.path)
    const toc = rawToc
      .filter((t) => chapterOfPath.has(t.path))
      .map((t) => ({ title: clip(t.title || chapters[chapterOfPath.get(t.path) ?? 0].title, 200), depth: Math.min(t.depth, 5), chapterOrd: chapterOfPath.get(t.path) ?? 0 }))
    // Without a usable toc, the chapters are the contents.
    const contents = toc.length ? toc : chapters.map((c, i) => ({ title: c.title, depth: 0, chapterOrd: i }))
    // A toc entry names a chapter better than its first heading when the heading is missing.
    for (const entry of contents) if (chapters[entry.chapterOrd].title.startsWith('第 ') && entry.depth === 0) chapters[entry.chapterOrd].title = entry.title

    for (const path of pendingImages) images.push({ path, bytes: await zip.read(path) })
    return {
      version,
      title,
      author,
      publisher,
      isbn,
      description,
      language,
      cover: coverToken ? Number(coverToken.slice(imageTokenPrefix.length)) : null,
      chapters: chapters.map(({ title: t, html, content }) => ({ title: t, html, content })),
      toc: contents,
      images,
      stripped,
    }
  } finally {
    zip.close()
  }
}

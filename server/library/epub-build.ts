import { ZipFile } from 'yazl'

/**
 * Writes EPUB files: the demo seed builds its books with it, and every test that needs an EPUB
 * (import, e2e) makes one here rather than keeping binary fixtures. EPUB 3 carries a nav document,
 * EPUB 2 an NCX; both put `mimetype` first and stored, as readers (and our sniffer) expect.
 *
 * Layout inside the zip: `OEBPS/content.opf`, chapters at `OEBPS/text/ch<n>.xhtml`, images at
 * `OEBPS/images/<name>` — so a chapter's html refers to an image as `../images/<name>`.
 */

export interface EpubImage {
  /** File name under OEBPS/images/, e.g. `map.png`. */
  name: string
  mediaType: 'image/png' | 'image/jpeg'
  bytes: Buffer
}

export interface EpubChapter {
  title: string
  /** The body's XHTML (well-formed); paragraphsHtml makes it from plain paragraphs. */
  html: string
}

export interface EpubSpec {
  /** 3 (nav document, `properties="cover-image"`) or 2 (NCX, `<meta name="cover">`); default 3. */
  version?: 2 | 3
  title: string
  author?: string
  publisher?: string
  /** Written as a second dc:identifier `urn:isbn:<isbn>`. */
  isbn?: string
  description?: string
  language?: string
  chapters: EpubChapter[]
  images?: EpubImage[]
  cover?: { mediaType: 'image/png' | 'image/jpeg'; bytes: Buffer }
  /**
   * Raw entries added after the book's own (tests: `META-INF/encryption.xml`, a stray script file).
   * `path` may replace nothing: the book's own entries are written first.
   */
  extraEntries?: { path: string; data: Buffer | string }[]
  /** Drops the spine's manifest items from the zip (tests: a malformed book). */
  omitChapterFiles?: boolean
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

/** A chapter body from plain paragraphs: the title as h2, each paragraph a p, all escaped. */
export function paragraphsHtml(title: string, paragraphs: string[]): string {
  return `<h2>${escapeXml(title)}</h2>\n${paragraphs.map((p) => `<p>${escapeXml(p)}</p>`).join('\n')}`
}

const imageExt = { 'image/png': 'png', 'image/jpeg': 'jpg' } as const

function chapterFile(index: number): string {
  return `text/ch${String(index + 1).padStart(3, '0')}.xhtml`
}

function chapterDocument(chapter: EpubChapter, language: string, version: 2 | 3): string {
  const doctype = version === 2 ? '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.1//EN" "http://www.w3.org/TR/xhtml11/DTD/xhtml11.dtd">\n' : '<!DOCTYPE html>\n'
  return `<?xml version="1.0" encoding="UTF-8"?>
${doctype}<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="${escapeXml(language)}">
<head><title>${escapeXml(chapter.title)}</title></head>
<body>
${chapter.html}
</body>
</html>
`
}

function opf(spec: EpubSpec, version: 2 | 3, bookId: string): string {
  const language = spec.language ?? 'zh'
  const meta: string[] = [
    `<dc:identifier id="bookid">urn:uuid:${bookId}</dc:identifier>`,
    `<dc:title>${escapeXml(spec.title)}</dc:title>`,
    `<dc:language>${escapeXml(language)}</dc:language>`,
  ]
  if (spec.author) meta.push(`<dc:creator>${escapeXml(spec.author)}</dc:creator>`)
  if (spec.publisher) meta.push(`<dc:publisher>${escapeXml(spec.publisher)}</dc:publisher>`)
  if (spec.isbn) meta.push(`<dc:identifier>urn:isbn:${escapeXml(spec.isbn)}</dc:identifier>`)
  if (spec.description) meta.push(`<dc:description>${escapeXml(spec.description)}</dc:description>`)
  if (version === 3) meta.push(`<meta property="dcterms:modified">2024-01-01T00:00:00Z</meta>`)
  if (version === 2 && spec.cover) meta.push('<meta name="cover" content="cover-image"/>')

  const items: string[] = []
  if (version === 3) items.push('<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>')
  else items.push('<item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>')
  spec.chapters.forEach((_, i) => items.push(`<item id="ch${i + 1}" href="${chapterFile(i)}" media-type="application/xhtml+xml"/>`))
  for (const [i, image] of (spec.images ?? []).entries()) {
    items.push(`<item id="img${i + 1}" href="images/${escapeXml(image.name)}" media-type="${image.mediaType}"/>`)
  }
  if (spec.cover) {
    const props = version === 3 ? ' properties="cover-image"' : ''
    items.push(`<item id="cover-image" href="images/cover.${imageExt[spec.cover.mediaType]}" media-type="${spec.cover.mediaType}"${props}/>`)
  }
  const spine = spec.chapters.map((_, i) => `<itemref idref="ch${i + 1}"/>`).join('\n    ')
  return `<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="${version === 3 ? '3.0' : '2.0'}" unique-identifier="bookid">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:opf="http://www.idpf.org/2007/opf">
    ${meta.join('\n    ')}
  </metadata>
  <manifest>
    ${items.join('\n    ')}
  </manifest>
  <spine${version === 2 ? ' toc="ncx"' : ''}>
    ${spine}
  </spine>
</package>
`
}

function nav(spec: EpubSpec): string {
  const entries = spec.chapters.map((c, i) => `<li><a href="${chapterFile(i)}">${escapeXml(c.title)}</a></li>`).join('\n      ')
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">
<head><title>${escapeXml(spec.title)}</title></head>
<body>
  <nav epub:type="toc" id="toc">
    <h1>目录</h1>
    <ol>
      ${entries}
    </ol>
  </nav>
</body>
</html>
`
}

function ncx(spec: EpubSpec, bookId: string): string {
  const points = spec.chapters
    .map(
      (c, i) =>
        `<navPoint id="np${i + 1}" playOrder="${i + 1}"><navLabel><text>${escapeXml(c.title)}</text></navLabel><content src="${chapterFile(i)}"/></navPoint>`,
    )
    .join('\n    ')
  return `<?xml version="1.0" encoding="UTF-8"?>
<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1">
  <head><meta name="dtb:uid" content="urn:uuid:${bookId}"/></head>
  <docTitle><text>${escapeXml(spec.title)}</text></docTitle>
  <navMap>
    ${points}
  </navMap>
</ncx>
`
}

const containerXml = `<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>
`

/** The EPUB's bytes. A fixed modification time keeps the same spec's bytes (and hash) the same. */
export async function buildEpub(spec: EpubSpec): Promise<Buffer> {
  const version = spec.version ?? 3
  const language = spec.language ?? 'zh'
  // The identifier is derived from the title so one spec always makes the same bytes (idempotent seed).
  const bookId = spec.isbn ? `isbn-${spec.isbn}` : stableId(spec.title)
  const mtime = new Date('2024-01-01T00:00:00Z')
  const zip = new ZipFile()
  zip.addBuffer(Buffer.from('application/epub+zip'), 'mimetype', { compress: false, mtime })
  zip.addBuffer(Buffer.from(containerXml), 'META-INF/container.xml', { mtime })
  zip.addBuffer(Buffer.from(opf(spec, version, bookId)), 'OEBPS/content.opf', { mtime })
  if (version === 3) zip.addBuffer(Buffer.from(nav(spec)), 'OEBPS/nav.xhtml', { mtime })
  else zip.addBuffer(Buffer.from(ncx(spec, bookId)), 'OEBPS/toc.ncx', { mtime })
  if (!spec.omitChapterFiles) {
    spec.chapters.forEach((c, i) => zip.addBuffer(Buffer.from(chapterDocument(c, language, version)), `OEBPS/${chapterFile(i)}`, { mtime }))
  }
  for (const image of spec.images ?? []) zip.addBuffer(image.bytes, `OEBPS/images/${image.name}`, { mtime, compress: false })
  if (spec.cover) zip.addBuffer(spec.cover.bytes, `OEBPS/images/cover.${imageExt[spec.cover.mediaType]}`, { mtime, compress: false })
  for (const entry of spec.extraEntries ?? []) zip.addBuffer(Buffer.isBuffer(entry.data) ? entry.data : Buffer.from(entry.data), entry.path, { mtime })
  zip.end()
  const chunks: Buffer[] = []
  for await (const chunk of zip.outputStream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk))
  return Buffer.concat(chunks)
}

function stableId(title: string): string {
  let h = 0
  for (const ch of title) h = (Math.imul(h, 31) + (ch.codePointAt(0) ?? 0)) | 0
  return `book-${(h >>> 0).toString(16)}-${title.length}`
}


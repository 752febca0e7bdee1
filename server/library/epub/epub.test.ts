import { ZipFile } from 'yazl'
import { describe, expect, it } from 'vitest'
import { epubType, xlsxType } from '../../../src/shared/file-purposes'
import { sniffLength, sniffType } from '../../files/process'
import { buildEpub, paragraphsHtml } from '../epub-build'
import { readEpub } from '.'

async function zipOf(entries: { path: string; data: string; store?: boolean }[]): Promise<Buffer> {
  const zip = new ZipFile()
  for (const e of entries) zip.addBuffer(Buffer.from(e.data), e.path, { compress: !e.store })
  zip.end()
  const chunks: Buffer[] = []
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

const chapter = { title: '学而', html: paragraphsHtml('学而', ['子曰：学而时习之，不亦说乎？']) }

describe('EPUB sniffing', () => {
  it('tells an EPUB (stored mimetype entry first) from another zip', async () => {
    const epub = await buildEpub({ title: '论语', chapters: [chapter] })
    expect(sniffType(epub.subarray(0, sniffLength))).toBe(epubType)
    expect(sniffType((await zipOf([{ path: 'xl/workbook.xml', data: '<workbook/>' }])).subarray(0, sniffLength))).toBe(xlsxType)
    // The mimetype entry compressed is no EPUB by the spec's rule.
    expect(sniffType((await zipOf([{ path: 'mimetype', data: epubType }])).subarray(0, sniffLength))).toBe(xlsxType)
  })
})

describe('readEpub', () => {
  it('refuses bytes that are not a zip, and a zip without the EPUB mimetype', async () => {
    await expect(readEpub(Buffer.from('%PDF-1.7 not a book'))).rejects.toMatchObject({ code: 'LIBRARY_NOT_EPUB' })
    await expect(readEpub(await zipOf([{ path: 'readme.txt', data: 'hello' }]))).rejects.toMatchObject({ code: 'LIBRARY_NOT_EPUB' })
  })

  it('refuses a zip of more than 5,000 entries before inflating any', async () => {
    const entries = Array.from({ length: 5_001 }, (_, i) => ({ path: `OEBPS/x${i}.txt`, data: 'x', store: true }))
    const bomb = await zipOf([{ path: 'mimetype', data: epubType, store: true }, ...entries])
    await expect(readEpub(bomb)).rejects.toMatchObject({ code: 'LIBRARY_EPUB_TOO_LARGE' })
  }, 30_000)

  it('refuses a container without an OPF and an OPF that is not XML', async () => {
    const noOpf = await zipOf([
      { path: 'mimetype', data: epubType, store: true },
      { path: 'META-INF/container.xml', data: '<container><rootfiles><rootfile full-path="OEBPS/missing.opf"/></rootfiles></container>' },
    ])
    await expect(readEpub(noOpf)).rejects.toMatchObject({ code: 'LIBRARY_EPUB_MALFORMED' })
    const garbled = await zipOf([
      { path: 'mimetype', data: epubType, store: true },
      { path: 'META-INF/container.xml', data: '<container><rootfiles><rootfile full-path="content.opf"/></rootfiles></container>' },
      { path: 'content.opf', data: 'this is no xml at all' },
    ])
    await expect(readEpub(garbled)).rejects.toMatchObject({ code: 'LIBRARY_EPUB_MALFORMED' })
  })

  it('reads a book whose only encryption is font obfuscation', async () => {
    const encryption = `<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" xmlns:enc="http://www.w3.org/2001/04/xmlenc#">
      <enc:EncryptedData><enc:EncryptionMethod Algorithm="http://www.idpf.org/2008/embedding"/><enc:CipherData><enc:CipherReference URI="OEBPS/fonts/a.otf"/></enc:CipherData></enc:EncryptedData></encryption>`
    const book = await readEpub(await buildEpub({ title: '字体混淆的书', chapters: [chapter], extraEntries: [{ path: 'META-INF/encryption.xml', data: encryption }] }))
    expect(book.chapters).toHaveLength(1)
  })

  it('keeps only the book own images and skips spine pages without text', async () => {
    const png = Buffer.from('89504e470d0a1a0a', 'hex')
    const book = await readEpub(
      await buildEpub({
        title: '图文',
        images: [{ name: 'in.png', mediaType: 'image/png', bytes: png }],
        chapters: [
          { title: '封面', html: '<p><img src="../images/in.png" alt=""/></p>' },
          { title: '正文', html: '<h1>正文</h1><p>一段<img src="../images/in.png" alt="图"/><img src="../images/not-in-manifest.png"/><img src="../../../etc/passwd"/></p>' },
        ],
      }),
    )
    expect(book.chapters.map((c) => c.title)).toEqual(['正文'])
    expect(book.images.map((i) => i.path)).toEqual(['OEBPS/images/in.png'])
    expect(book.chapters[0].content).toEqual([
      { kind: 'heading', level: 1, text: '正文' },
      { kind: 'paragraph', text: '一段' },
      { kind: 'image', url: 'epub-image:0', alt: '图' },
    ])
    // The cover page's toc entry points at the first chapter with text.
    expect(book.toc).toEqual([
      { title: '封面', depth: 0, chapterOrd: 0 },
      { title: '正文', depth: 0, chapterOrd: 0 },
    ])
  })
})

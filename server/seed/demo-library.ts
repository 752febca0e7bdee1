import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import sharp from 'sharp'
import { epubType } from '../../src/shared/file-purposes'
import type { BookCategory } from '../../src/shared/library/names'
import type { Deps } from '../action'
import { loadCaller } from '../caller'
import { storeGeneratedFile } from '../files/generated'
import { buildEpub, escapeXml, paragraphsHtml } from '../library/epub-build'
import type { EpubChapter } from '../library/epub-build'
import { processLibraryImport, startImport } from '../library/import'

/**
 * The demo catalogue: eleven books of real public-domain Chinese text from the `chinese-poetry`
 * package (its simplified-Chinese sources only, as search is in simplified Chinese), built into
 * EPUB files here, half EPUB 2 and half EPUB 3, each with a cover drawn without text (sharp has
 * no Chinese font), uploaded as the demo librarian's files and imported through the same import
 * path a librarian uses, then published. Run from server/start.ts only: the tests' seed stays fast.
 */

interface DemoBook {
  slug: string
  title: string
  author: string
  description: string
  category: BookCategory
  hue: number
  chapters: () => EpubChapter[]
}

const poetryDir = (() => {
  // The package has no main; its dist folder is found beside its package.json.
  const require = createRequire(import.meta.url)
  return join(dirname(require.resolve('chinese-poetry/package.json')), 'dist')
})()

function data<T>(path: string): T {
  return JSON.parse(readFileSync(join(poetryDir, path), 'utf8')) as T
}

interface Poem {
  title?: string
  rhythmic?: string
  author?: string
  paragraphs?: string[]
  para?: string[]
  content?: string[]
  prologue?: string
}

const cnNumber = (n: number): string => {
  const digits = '〇一二三四五六七八九'
  if (n < 10) return digits[n]
  if (n < 20) return `十${n % 10 ? digits[n % 10] : ''}`
  return `${digits[Math.floor(n / 10)]}十${n % 10 ? digits[n % 10] : ''}`
}

/** A poem as a heading (its title, and author when the chapter mixes authors) and its lines. */
function poemHtml(poem: Poem, withAuthor: boolean): string {
  const title = poem.title ?? poem.rhythmic ?? '无题'
  const lines = poem.paragraphs ?? poem.para ?? poem.content ?? []
  const byline = withAuthor && poem.author ? `<p>${escapeXml(poem.author)}</p>` : ''
  const prologue = poem.prologue ? `<blockquote><p>${escapeXml(poem.prologue)}</p></blockquote>` : ''
  return `<h3>${escapeXml(title)}</h3>${byline}${lines.map((l) => `<p>${escapeXml(l)}</p>`).join('')}${prologue}`
}

function chapterOf(title: string, poems: Poem[], withAuthor: boolean): EpubChapter {
  return { title, html: `<h2>${escapeXml(title)}</h2>\n${poems.map((p) => poemHtml(p, withAuthor)).join('\n')}` }
}

function groupsOf<T>(items: T[], size: number): T[][] {
  const groups: T[][] = []
  for (let i = 0; i < items.length; i += size) groups.push(items.slice(i, i + size))
  return groups
}

/** Items grouped by a key, groups in the order their first item comes. */
function groupBy<T>(items: T[], key: (item: T) => string): [string, T[]][] {
  const groups = new Map<string, T[]>()
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item])
  return [...groups]
}

const demoBooks: DemoBook[] = [
  {
    slug: 'lunyu',
    title: '论语',
    author: '孔子弟子及再传弟子',
    description: '儒家经典，记录孔子及其弟子言行的语录体文集，共二十篇。',
    category: 'classics',
    hue: 20,
    chapters: () => data<{ chapter: string; paragraphs: string[] }[]>('lunyu/lunyu.json').map((c) => ({ title: c.chapter, html: paragraphsHtml(c.chapter, c.paragraphs) })),
  },
  {
    slug: 'shijing',
    title: '诗经',
    author: '佚名',
    description: '中国最早的诗歌总集，收录西周初年至春秋中叶的诗歌三百零五篇，分风、雅、颂三部分。',
    category: 'poetry',
    hue: 110,
    chapters: () =>
      groupBy(data<(Poem & { chapter: string; section: string })[]>('shijing/shijing.json'), (p) => `${p.chapter}·${p.section}`).map(([title, poems]) =>
        chapterOf(title, poems, false),
      ),
  },
  {
    slug: 'chuci',
    title: '楚辞',
    author: '屈原 等',
    description: '战国时期楚国屈原、宋玉等人的辞赋总集，以《离骚》为代表，开浪漫主义诗歌之先河。',
    category: 'poetry',
    hue: 160,
    chapters: () => groupBy(data<(Poem & { section: string })[]>('chuci/chuci.json'), (p) => p.section).map(([title, poems]) => chapterOf(title, poems, true)),
  },
  {
    slug: 'youmengying',
    title: '幽梦影',
    author: '张潮',
    description: '清代张潮所著的清言小品集，谈读书、山水、花月与人生，附友人评语。',
    category: 'literature',
    hue: 200,
    chapters: () =>
      groupsOf(data<{ content: string; comment: string[] }[]>('youmengying/youmengying.json'), 40).map((items, i) => {
        const title = `第${cnNumber(i + 1)}卷`
        const body = items.map((item) => `<p>${escapeXml(item.content)}</p>${item.comment.length ? `<blockquote>${item.comment.map((c) => `<p>${escapeXml(c)}</p>`).join('')}</blockquote>` : ''}`)
        return { title, html: `<h2>${title}</h2>\n${body.join('\n')}` }
      }),
  },
  {
    slug: 'caocao',
    title: '曹操诗集',
    author: '曹操',
    description: '东汉末年政治家、诗人曹操的诗作，慷慨悲凉，有《观沧海》《短歌行》《龟虽寿》等名篇。',
    category: 'poetry',
    hue: 0,
    chapters: () => data<Poem[]>('caocaoshiji/caocao.json').map((p) => ({ title: p.title ?? '无题', html: paragraphsHtml(p.title ?? '无题', p.paragraphs ?? []) })),
  },
  {
    slug: 'nalan',
    title: '纳兰性德词集',
    author: '纳兰性德',
    description: '清代词人纳兰性德的词作，哀感顽艳，被誉为“北宋以来，一人而已”。',
    category: 'poetry',
    hue: 260,
    chapters: () => groupsOf(data<Poem[]>('nalanxingde/纳兰性德诗集.json'), 20).map((poems, i) => chapterOf(`第${cnNumber(i + 1)}卷`, poems, false)),
  },
  {
    slug: 'songci300',
    title: '宋词三百首',
    author: '上彊村民 编',
    description: '清末朱孝臧（上彊村民）编选的宋词选本，收录两宋词人的代表作品。',
    category: 'poetry',
    hue: 300,
    chapters: () => groupsOf(data<Poem[]>('songci/宋词三百首.json'), 20).map((poems, i) => chapterOf(`第${cnNumber(i + 1)}卷`, poems, true)),
  },
  {
    slug: 'yuanqu',
    title: '元曲选',
    author: '关汉卿 等',
    description: '元代杂剧与散曲选读，收关汉卿、马致远、白朴等名家曲作，按作者编排。',
    category: 'poetry',
    hue: 40,
    chapters: () => groupBy(data<Poem[]>('yuanqu/yuanqu.json').slice(0, 300), (p) => p.author ?? '无名氏').map(([author, poems]) => chapterOf(author, poems, false)),
  },
  {
    slug: 'huajianji',
    title: '花间集',
    author: '赵崇祚 编',
    description: '五代后蜀赵崇祚编选的词集，收温庭筠、韦庄等十八位词人的作品，是中国第一部文人词选集。',
    category: 'poetry',
    hue: 330,
    chapters: () =>
      ['1', '2', '3', '4', '5', '6', '7', '8', '9', 'x'].map((n, i) => chapterOf(`卷${cnNumber(i + 1)}`, data<Poem[]>(`wudaishici/huajianji/huajianji-${n}-juan.json`), true)),
  },
  {
    slug: 'nantang',
    title: '南唐二主词',
    author: '李璟、李煜',
    description: '南唐中主李璟与后主李煜的词作合集，后主亡国后的词作尤为沉痛动人。',
    category: 'poetry',
    hue: 230,
    chapters: () => groupBy(data<Poem[]>('wudaishici/nantang/poetrys.json'), (p) => p.author ?? '佚名').map(([author, poems]) => chapterOf(author, poems, false)),
  },
  {
    slug: 'shuimotangshi',
    title: '水墨唐诗',
    author: '李白、杜甫 等',
    description: '唐诗名篇选读，每首附白话赏析，适合在工作间隙品读。',
    category: 'poetry',
    hue: 180,
    chapters: () => groupsOf(data<Poem[]>('shuimotangshi/shuimotangshi.json'), 20).map((poems, i) => chapterOf(`第${cnNumber(i + 1)}卷`, poems, true)),
  },
]

/** A cover without text: a coloured ground with a band and a circle, one hue per book. */
async function cover(hue: number): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="800">
    <rect width="600" height="800" fill="hsl(${hue},45%,35%)"/>
    <rect x="0" y="560" width="600" height="90" fill="hsl(${hue},40%,85%)" opacity="0.85"/>
    <circle cx="300" cy="300" r="150" fill="none" stroke="hsl(${hue},40%,85%)" stroke-width="10"/>
    <circle cx="300" cy="300" r="60" fill="hsl(${hue},50%,60%)"/>
  </svg>`
  return sharp(Buffer.from(svg)).jpeg({ quality: 80 }).toBuffer()
}

/** The demo books' EPUB files, as the seed imports them (exported for the seed's test). */
export async function demoLibraryEpubs(): Promise<{ slug: string; title: string; category: BookCategory; bytes: Buffer }[]> {
  return Promise.all(
    demoBooks.map(async (book, i) => ({
      slug: book.slug,
      title: book.title,
      category: book.category,
      bytes: await buildEpub({
        version: i % 2 === 0 ? 3 : 2,
        title: book.title,
        author: book.author,
        publisher: '嘉兴市总工会职工书屋（据 chinese-poetry 整理）',
        description: book.description,
        language: 'zh-CN',
        cover: { mediaType: 'image/jpeg', bytes: await cover(book.hue) },
        chapters: book.chapters(),
      }),
    })),
  )
}

/** The import request of a demo book: a start cut short continues it rather than starting another. */
const demoRequestId = (slug: string) => `demo-library-${slug}`

/**
 * Imports and publishes the demo books the catalogue lacks. Idempotent: a book already imported
 * (same bytes) is skipped, a start cut short is continued. Answers whether it added any.
 */
export async function seedDemoLibrary(deps: Deps): Promise<boolean> {
  const { db } = deps
  const [librarianRow] = await db.query<{ id: number }>(`SELECT id FROM app_user WHERE demo_key = 'librarian'`)
  const librarian = librarianRow ? await loadCaller(db, librarianRow.id) : null
  const [city] = await db.query<{ id: number }>('SELECT id FROM branch WHERE level = 1')
  if (!librarian || !city) return false
  // Every demo book imported by an earlier start: nothing to build, so a restart pays one query.
  const [done] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM library_import WHERE request_id = ANY($1::text[]) AND status IN ('done', 'duplicate')`,
    [demoBooks.map((book) => demoRequestId(book.slug))],
  )
  if (done.n === demoBooks.length) return false
  let added = false
  for (const book of await demoLibraryEpubs()) {
    const sha = createHash('sha256').update(book.bytes).digest('hex')
    const [existing] = await db.query('SELECT 1 FROM library_book WHERE content_sha256 = $1', [sha])
    if (existing) continue
    const requestId = demoRequestId(book.slug)
    const [earlier] = await db.query<{ file_id: number }>('SELECT file_id FROM library_import WHERE request_id = $1', [requestId])
    const fileId =
      earlier?.file_id ?? (await storeGeneratedFile(deps, librarian, { purpose: 'library_epub', name: `${book.title}.epub`, type: epubType, bytes: book.bytes }))
    const started = await startImport(db, librarian, { fileId, branchId: city.id, category: book.category, requestId })
    await processLibraryImport(deps, started.id)
    // Demo books go straight to the shelves; a librarian's import stays a draft until published.
    const published = await db.query(
      `UPDATE library_book b SET status = 'published', published_at = now(), updated_at = now()
         FROM library_import i WHERE i.id = $1 AND b.id = i.book_id AND b.status = 'draft' RETURNING b.id`,
      [started.id],
    )
    added ||= published.length > 0
  }
  return added
}

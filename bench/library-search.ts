import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { sessionPurpose } from '../server/action'
import type { Deps } from '../server/action'
import { migrate } from '../server/db/migrate'
import type { Queryable } from '../server/db'
import type { Env } from '../server/env'
import { assembleBlocks } from '../server/library/blocks'
import { chapterIndexTexts, chapterVectorSql } from '../server/library/search-index'
import { segmentForIndex } from '../server/search/segment'
import { searchVectorSql, tagLexeme } from '../server/search/text-search'
import { seedDemo } from '../server/seed/demo'
import { signToken } from '../server/tokens'
import { bookCategories } from '../src/shared/library/names'
import type { BookCategory } from '../src/shared/library/names'
import type { ActionInput } from '../src/shared/api'
import { timedAction } from './call-action'
import type { BenchDatabase } from './database'
import { round, seededRandom, summarize } from './stats'
import type { Latency } from './stats'

/**
 * 电子书屋 search at 20,000 books, 500 of them with full text. The catalogue is generated from a
 * vocabulary of the books a workers' library holds (titles, authors, descriptions per category);
 * the 500 full-text books are real 宋词 from chinese-poetry, a few chapters each. Everything is
 * segmented in Node (jieba, as the import does) and inserted set-based. Members then search with
 * realistic words, one call at a time through dispatch.
 *
 * `generateLibrary` is exported for other benches (chapter-open) that need the same catalogue.
 */
export const librarySearchTargetP99Ms = 30

const require = createRequire(import.meta.url)

const surnames = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '朱', '沈', '钱', '顾', '陆', '姚', '褚', '蒋']
const givenNames = ['建国', '晓梅', '文华', '志强', '海燕', '子轩', '秀英', '国庆', '丽娟', '明远', '思源', '雨桐', '书文', '振华', '春生', '雅琴']
const places = ['嘉兴', '南湖', '秀洲', '嘉善', '海盐', '海宁', '平湖', '桐乡', '乌镇', '西塘', '江南', '运河', '浙北']

interface CategoryVocabulary {
  titles: string[]
  descriptions: string[]
  tags: string[]
}

const vocabulary: Record<BookCategory, CategoryVocabulary> = {
  classics: {
    titles: ['论语{x}', '孟子{x}', '大学中庸{x}', '道德经{x}', '庄子{x}', '古文观止{x}', '传习录{x}', '菜根谭{x}', '颜氏家训{x}', '诸子百家{x}'],
    descriptions: ['以通俗的语言解读经典原文，逐章注释并配以白话译文。', '精选历代名家注疏，帮助读者理解儒家修身齐家的思想。', '从职场与家庭的视角重读传统经典，古为今用。', '收录原文、注释、译文与赏析，适合初学者入门。'],
    tags: ['国学', '经典', '儒家', '道家', '修身', '家风'],
  },
  poetry: {
    titles: ['宋词{x}', '唐诗{x}', '元曲{x}', '诗经{x}', '{place}诗词{x}', '婉约词{x}', '豪放词{x}', '田园诗{x}', '边塞诗{x}', '月亮的诗{x}'],
    descriptions: ['精选名篇，附作者小传与逐句赏析，感受古典诗词之美。', '按题材编排，山水、送别、思乡、咏物，一卷在手尽览风雅。', '名家朗诵配文，适合诵读比赛与读书月活动。', '从明月、春风、江南等意象入手，讲解诗词中的情感。'],
    tags: ['诗词', '宋词', '唐诗', '诵读', '鉴赏', '古典'],
  },
  literature: {
    titles: ['{place}往事', '运河人家', '老街的灯', '纺织女工', '南湖的船', '小镇故事', '工厂的春天', '回家的路', '师傅与徒弟', '青春作伴'],
    descriptions: ['讲述{place}普通劳动者的悲欢离合，笔触温暖细腻。', '一部关于工厂、家庭与城市变迁的长篇小说。', '以一条老街为线索，串起三代人的奋斗故事。', '散文集，记录江南水乡的四季与人情。'],
    tags: ['小说', '散文', '文学', '乡土', '成长', '家庭'],
  },
  history: {
    titles: ['{place}史话', '红船精神{x}', '中国工人运动{x}', '运河史{x}', '江南丝绸史{x}', '近代工业{x}', '名人传记{x}', '{place}名人录', '百年工会{x}', '浙江简史{x}'],
    descriptions: ['梳理{place}从古至今的发展脉络，图文并茂。', '讲述中国共产党从南湖红船起航的历史。', '以人物为中心，再现近代民族工业的兴起。', '工会组织百年发展历程与典型人物事迹。'],
    tags: ['历史', '党史', '红船', '运河', '传记', '工运'],
  },
  skills: {
    titles: ['安全生产{x}', '班组长管理{x}', '数控加工{x}', '电工基础{x}', '职场沟通{x}', 'Excel办公{x}', '质量管理{x}', '技能比武{x}', '工匠精神{x}', '新媒体运营{x}'],
    descriptions: ['面向一线职工的实用手册，结合典型案例讲解操作要点。', '从零开始掌握岗位技能，附练习题与考核要点。', '提升班组管理与团队协作能力的方法与工具。', '劳模工匠讲述技术创新与岗位成才的经验。'],
    tags: ['技能', '安全', '管理', '办公', '工匠', '培训'],
  },
  law: {
    titles: ['劳动法{x}', '劳动合同法{x}', '工伤保险{x}', '民法典{x}', '职工维权{x}', '社会保险法{x}', '女职工权益{x}', '劳动仲裁{x}', '安全生产法{x}', '工会法{x}'],
    descriptions: ['用问答的方式讲清劳动合同、工资、工伤等常见问题。', '收录法律条文与典型案例，帮助职工依法维权。', '图解劳动争议处理流程，从协商、调解到仲裁、诉讼。', '工会法律服务站律师编写，贴近职工实际。'],
    tags: ['法律', '维权', '劳动合同', '工伤', '社保', '普法'],
  },
  health: {
    titles: ['职工健康{x}', '颈椎养护{x}', '家庭急救{x}', '合理膳食{x}', '心理减压{x}', '中医养生{x}', '运动健身{x}', '睡眠{x}', '职业病防治{x}', '四季养生{x}'],
    descriptions: ['久坐族、倒班族的健康指南，简单易行。', '常见急症的现场处置方法，关键时刻能救命。', '从饮食、运动、作息三方面打造健康生活。', '缓解工作压力、调节情绪的心理学方法。'],
    tags: ['健康', '养生', '急救', '心理', '运动', '饮食'],
  },
  other: {
    titles: ['家庭教育{x}', '亲子阅读{x}', '{place}旅游{x}', '摄影入门{x}', '书法{x}', '园艺{x}', '烹饪{x}', '理财{x}', '垃圾分类{x}', '志愿服务{x}'],
    descriptions: ['写给忙碌父母的家庭教育书，案例丰富。', '周末出游好帮手，{place}及周边景点吃住行一本通。', '零基础学习，循序渐进，附大量图例。', '社区志愿服务的组织方法与感人故事。'],
    tags: ['生活', '亲子', '旅游', '兴趣', '理财', '志愿'],
  },
}
const suffixes = ['', '读本', '精选', '导读', '十讲', '百问', '手册', '入门', '新编', '鉴赏', '故事', '图解', '（第二版）', '全集', '选讲']

interface Ci {
  author: string
  rhythmic: string
  paragraphs: string[]
}

/** 宋词 (simplified text) from chinese-poetry, the first `files` thousand pieces. */
function loadCi(files: number): Ci[] {
  const dir = require.resolve('chinese-poetry/dist/songci/ci.song.0.json').replace(/ci\.song\.0\.json$/, '')
  return Array.from({ length: files }, (_, i) => JSON.parse(readFileSync(`${dir}ci.song.${i * 1000}.json`, 'utf8')) as Ci[]).flat()
}

interface GeneratedBook {
  title: string
  author: string
  description: string
  category: BookCategory
  tags: string[]
  branch: { id: number; path: string }
  publishedAtMs: number
}

export interface LibraryOptions {
  books: number
  /** How many of the books get real chapters (the newest ones, spread over the categories). */
  fullText: number
  chaptersPerBook: number
  /** Each chapter is filled with 宋词 up to at least this many characters. */
  chapterChars: number
}

export const defaultLibraryOptions: LibraryOptions = { books: 20_000, fullText: 500, chaptersPerBook: 4, chapterChars: 3_000 }

export interface GeneratedLibrary {
  bookIds: number[]
  /** The books with chapters, each with `chaptersPerBook` of them. */
  fullTextBookIds: number[]
  segmentMs: number
}

/**
 * Inserts a catalogue of published books (about one in twenty-five a draft) in batches: 80% for
 * the whole city, the rest for one of the counties. Books without full text have no chapter rows
 * (chapter_count 1 keeps the table's check). Deterministic for a seed.
 */
export async function generateLibrary(db: Queryable, createdBy: number, options: LibraryOptions = defaultLibraryOptions, seed = 20261122): Promise<GeneratedLibrary> {
  const random = seededRandom(seed)
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)]
  const [city] = await db.query<{ id: number; path: string }>('SELECT id, path FROM branch WHERE level = 1 ORDER BY id LIMIT 1')
  const counties = await db.query<{ id: number; path: string }>('SELECT id, path FROM branch WHERE level = 2 ORDER BY id')
  const fill = (text: string) => text.replace('{x}', () => pick(suffixes)).replace('{place}', () => pick(places))
  const now = Date.now()
  const generated: GeneratedBook[] = Array.from({ length: options.books }, (_, i) => {
    const category = pick(bookCategories)
    const words = vocabulary[category]
    const tags = [...new Set([pick(words.tags), pick(words.tags), pick(words.tags)])]
    return {
      title: fill(pick(words.titles)),
      author: `${pick(surnames)}${pick(givenNames)}${random() < 0.2 ? ' 主编' : ''}`,
      description: [fill(pick(words.descriptions)), fill(pick(words.descriptions))].join(''),
      category,
      tags,
      branch: random() < 0.8 || counties.length === 0 ? city : pick(counties),
      // About six a day over the past years, the last one the newest.
      publishedAtMs: now - (options.books - i) * 4 * 3_600_000,
    }
  })

  let segmentMs = 0
  const bookIds: number[] = []
  const batch = 2_000
  for (let from = 0; from < generated.length; from += batch) {
    const rows = generated.slice(from, from + batch)
    const segmentStart = performance.now()
    const a = rows.map((r) => segmentForIndex(`${r.title}\n${r.author}`))
    const b = rows.map((r) => segmentForIndex([r.description, ...r.tags].join('\n')))
    segmentMs += performance.now() - segmentStart
    const inserted = await db.query<{ id: number }>(
      `INSERT INTO library_book (content_sha256, title, author, description, category, tags, branch_id, branch_path, status, published_at,
                                 chapter_count, char_count, search_vector, created_by)
       SELECT t.sha, t.title, t.author, t.description, t.category, string_to_array(t.tags, ','), t.branch_id, t.branch_path,
              CASE WHEN t.draft THEN 'draft' ELSE 'published' END, CASE WHEN t.draft THEN NULL ELSE to_timestamp(t.at / 1000.0) END,
              1, 0, ${searchVectorSql({ A: 't.a', B: 't.b' }, 'ARRAY[t.tag]')}, $13
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::text[], $9::bool[], $10::float8[], $11::text[], $12::text[], $14::text[])
           WITH ORDINALITY AS t(sha, title, author, description, category, tags, branch_id, branch_path, draft, at, a, b, tag, n)
        ORDER BY t.n
       RETURNING id`,
      [
        rows.map(() => randomBytes(32).toString('hex')),
        rows.map((r) => r.title),
        rows.map((r) => r.author),
        rows.map((r) => r.description),
        rows.map((r) => r.category),
        rows.map((r) => r.tags.join(',')),
        rows.map((r) => r.branch.id),
        rows.map((r) => r.branch.path),
        rows.map(() => random() < 0.04),
        rows.map((r) => r.publishedAtMs),
        a,
        b,
        createdBy,
        rows.map((r) => tagLexeme('category', r.category)),
      ],
    )
    bookIds.push(...inserted.map((r) => r.id))
  }

  // The newest published city-wide books get the full text: real 宋词, each book by one author's pieces where there are enough.
  const published = await db.query<{ id: number }>(
    `SELECT id FROM library_book WHERE id = ANY($1::int[]) AND status = 'published' AND branch_path = $2 ORDER BY id DESC LIMIT $3`,
    [bookIds, city.path, options.fullText],
  )
  const fullTextBookIds = published.map((r) => r.id)
  const pieces = loadCi(Math.max(1, Math.min(21, Math.ceil((options.fullText * options.chaptersPerBook * options.chapterChars) / 100_000))))
  let cursor = 0
  const chapterBatch = 200
  const chapters: { bookId: number; ord: number; title: string; paragraphs: string[] }[] = []
  const flush = async () => {
    if (chapters.length === 0) return
    const segmentStart = performance.now()
    const assembled = chapters.map((c) => {
      const { blocks, plainText } = assembleBlocks([{ kind: 'heading', level: 2, text: c.title }, ...c.paragraphs.map((text) => ({ kind: 'paragraph' as const, text }))])
      const [titleWords, textWords] = chapterIndexTexts(c.title, plainText)
      return { ...c, blocks, plainText, titleWords, textWords, html: `<h2>${c.title}</h2>${c.paragraphs.map((p) => `<p>${p}</p>`).join('')}` }
    })
    segmentMs += performance.now() - segmentStart
    await db.query(
      `INSERT INTO library_chapter (book_id, ord, title, html, blocks, plain_text, char_count, search_vector)
       SELECT t.book_id, t.ord, t.title, t.html, t.blocks::jsonb, t.plain_text, length(t.plain_text), ${chapterVectorSql('t.tw', 't.xw')}
         FROM unnest($1::int[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
           AS t(book_id, ord, title, html, blocks, plain_text, tw, xw)`,
      [
        assembled.map((c) => c.bookId),
        assembled.map((c) => c.ord),
        assembled.map((c) => c.title),
        assembled.map((c) => c.html),
        assembled.map((c) => JSON.stringify(c.blocks)),
        assembled.map((c) => c.plainText),
        assembled.map((c) => c.titleWords),
        assembled.map((c) => c.textWords),
      ],
    )
    await db.query(
      `INSERT INTO library_toc (book_id, ord, depth, title, chapter_ord) SELECT t.book_id, t.ord, 0, t.title, t.ord FROM unnest($1::int[], $2::int[], $3::text[]) AS t(book_id, ord, title)`,
      [chapters.map((c) => c.bookId), chapters.map((c) => c.ord), chapters.map((c) => c.title)],
    )
    chapters.length = 0
  }
  for (const bookId of fullTextBookIds) {
    const firstAuthor = pieces[cursor % pieces.length].author
    for (let ord = 0; ord < options.chaptersPerBook; ord += 1) {
      const paragraphs: string[] = []
      let length = 0
      let title = ''
      while (length < options.chapterChars) {
        const ci = pieces[cursor % pieces.length]
        cursor += 1
        title ||= ci.rhythmic
        paragraphs.push(`${ci.rhythmic}（${ci.author}）`, ...ci.paragraphs)
        length += ci.rhythmic.length + ci.author.length + ci.paragraphs.join('').length
      }
      chapters.push({ bookId, ord, title: `第${ord + 1}章 ${title}`, paragraphs })
    }
    if (chapters.length >= chapterBatch) await flush()
    await db.query('UPDATE library_book SET author = $2 WHERE id = $1', [bookId, firstAuthor])
  }
  await flush()
  // The books' counts and the author now in their vectors: one set-based pass.
  await db.query(
    `UPDATE library_book b SET chapter_count = c.n, char_count = c.chars FROM
       (SELECT book_id, count(*)::int AS n, sum(char_count)::int AS chars FROM library_chapter WHERE book_id = ANY($1::int[]) GROUP BY book_id) c
      WHERE b.id = c.book_id`,
    [fullTextBookIds],
  )
  const authors = await db.query<{ id: number; title: string; author: string; description: string; tags: string[]; category: string }>(
    'SELECT id, title, author, description, tags, category FROM library_book WHERE id = ANY($1::int[])',
    [fullTextBookIds],
  )
  await db.query(
    `UPDATE library_book b SET search_vector = ${searchVectorSql({ A: 't.a', B: 't.b' }, 'ARRAY[t.tag]')}
       FROM unnest($1::int[], $2::text[], $3::text[], $4::text[]) AS t(id, a, b, tag) WHERE b.id = t.id`,
    [
      authors.map((r) => r.id),
      authors.map((r) => segmentForIndex(`${r.title}\n${r.author}`)),
      authors.map((r) => segmentForIndex([r.description, ...r.tags].join('\n'))),
      authors.map((r) => tagLexeme('category', r.category)),
    ],
  )
  return { bookIds, fullTextBookIds, segmentMs }
}

/** What members type: title words, authors, and words inside the poems (东风, 明月, 把酒问青天). */
export const libraryQueries = [
  '宋词', '明月', '东风', '相思', '春风', '江南', '苏轼', '辛弃疾', '李清照', '柳永', '安全生产', '劳动合同', '工伤', '红船',
  '运河', '嘉兴', '健康', '养生', '家庭教育', '论语', '工匠精神', '班组长', '急救', '历史', '小说', '诗词鉴赏', '把酒问青天',
  '杨柳岸晓风残月', '人生如梦', '故乡', '梅花', '秋风', '西湖', '职工维权', '心理减压',
]

export interface LibrarySearchBench {
  books: number
  full_text_books: number
  chapters: number
  generation_s: number
  segment_s: number
  tables_mb: number
  search: Latency
  suggest: Latency
  queries: string[]
}

export async function measureLibrarySearch(
  bench: BenchDatabase,
  env: Env,
  log: (line: string) => void,
  options = { library: defaultLibraryOptions, calls: 2_000, warmup: 200 },
): Promise<LibrarySearchBench> {
  const { db } = bench
  await migrate(db)
  await seedDemo(db, env)
  const deps: Deps = { db, env }
  const [librarian] = await db.query<{ id: number }>(`SELECT id FROM app_user WHERE demo_key = 'librarian'`)
  const [member] = await db.query<{ id: number }>(`SELECT id FROM app_user WHERE demo_key = 'member'`)
  const token = signToken(env.appSecret, sessionPurpose, { uid: member.id, exp: Math.floor(Date.now() / 1000) + 3600 })

  log(`生成 ${options.library.books} 本图书（其中 ${options.library.fullText} 本有全文）并分词……`)
  const started = performance.now()
  const generated = await generateLibrary(db, librarian.id, options.library)
  // As autovacuum leaves a catalogue between imports: the GIN indexes' pending lists merged (a
  // word's lookup walked the 20,000 rows' pending entries otherwise, 8 ms) and statistics fresh.
  await db.query('VACUUM ANALYZE library_book')
  await db.query('VACUUM ANALYZE library_chapter')
  const generation_s = round((performance.now() - started) / 1000, 1)
  const [size] = await db.query<{ books: number; chapters: number; mb: number }>(
    `SELECT (SELECT count(*)::int FROM library_book) AS books, (SELECT count(*)::int FROM library_chapter) AS chapters,
            round((pg_total_relation_size('library_book') + pg_total_relation_size('library_chapter')) / 1048576.0, 1)::float8 AS mb`,
  )
  log(`图书 ${size.books} 本、章节 ${size.chapters} 个，${size.mb} MB，生成 ${generation_s} s（其中分词 ${round(generated.segmentMs / 1000, 1)} s）`)

  const call = async <A extends 'searchBooks' | 'suggest'>(action: A, input: ActionInput<'library', A>) => (await timedAction(deps, token, 'library', action, input)).ms
  const searchInputs = (n: number, seed: number) => {
    const pickRandom = seededRandom(seed)
    return Array.from({ length: n }, (_, i) => ({
      q: libraryQueries[i % libraryQueries.length],
      // Most searches are over the whole library; one in five within a category.
      category: pickRandom() < 0.2 ? bookCategories[Math.floor(pickRandom() * bookCategories.length)] : null,
      limit: 20,
    }))
  }
  for (const input of searchInputs(options.warmup, 41)) await call('searchBooks', input)
  const samples: number[] = []
  for (const input of searchInputs(options.calls, 42)) samples.push(await call('searchBooks', input))
  const search = summarize(samples)
  log(`library.searchBooks：${JSON.stringify(search)}`)

  // Suggestions as typed: every prefix of each query.
  const typed = libraryQueries.flatMap((q) => Array.from(q).map((_, i) => q.slice(0, i + 1)))
  const suggestSamples: number[] = []
  for (let i = 0; i < 1_000; i += 1) suggestSamples.push(await call('suggest', { q: typed[i % typed.length] }))
  const suggest = summarize(suggestSamples)
  log(`library.suggest：${JSON.stringify(suggest)}`)
  return {
    books: size.books,
    full_text_books: generated.fullTextBookIds.length,
    chapters: size.chapters,
    generation_s,
    segment_s: round(generated.segmentMs / 1000, 1),
    tables_mb: size.mb,
    search,
    suggest,
    queries: libraryQueries,
  }
}

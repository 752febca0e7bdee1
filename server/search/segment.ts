import { Jieba } from '@node-rs/jieba'
import { dict } from '@node-rs/jieba/dict.js'

/**
 * Chinese word segmentation for PostgreSQL full-text search. PostgreSQL's parsers do not split
 * Chinese into words, so text is cut into words here (jieba) and handed to the 'simple' text
 * search configuration joined by spaces: each word becomes one lexeme. Index and query must go
 * through this module alike, or their words will not meet.
 */

let jieba: Jieba | null = null

/** Building the segmenter from its dictionary takes ~130 ms: done on first use, once per process. */
function segmenter(): Jieba {
  jieba ??= Jieba.withDict(dict)
  return jieba
}

/** A word worth indexing: it holds a letter or a digit (punctuation and spaces are dropped). */
const wordPattern = /[\p{L}\p{N}]/u

function clean(words: string[]): string[] {
  return words.map((w) => w.trim().toLowerCase()).filter((w) => w.length > 0 && wordPattern.test(w))
}

/**
 * Words that say nothing about what a question is about. They are dropped from a query that has
 * other words, so 「公司拖欠工资我该怎么办」 asks for 公司, 拖欠 and 工资, not also for 我 and 怎么办.
 */
const stopWords = new Set([
  '的', '了', '是', '我', '你', '他', '她', '我们', '他们', '在', '和', '与', '或', '及', '也', '都', '就', '还', '又',
  '吗', '呢', '吧', '啊', '呀', '么', '该', '要', '会', '能', '可以', '可', '把', '被', '给', '对', '从', '向', '让',
  '怎么', '怎么办', '怎样', '如何', '什么', '哪些', '为什么', '是否', '有没有', '请问', '一个', '这', '那', '这个', '那个',
  '有', '没有', '不', '没', '吗？', '呢？', '请', '谢谢', '您好', '你好',
])

/**
 * The words of a text to index, in search mode: a compound is kept and its parts are added
 * (「拖欠工资」 → 拖欠, 工资, 拖欠工资), so a query for any of them finds it.
 */
export function indexWords(text: string): string[] {
  return clean(segmenter().cutForSearch(text, false))
}

/**
 * The text cut precisely, every character kept (the pieces join back to the text): for marking
 * where query words occur in a title or passage shown to the user.
 */
export function wordTokens(text: string): string[] {
  return segmenter().cut(text, false)
}

/** The text to store through to_tsvector('simple', …): the index words joined by spaces. */
export function segmentForIndex(text: string): string {
  return indexWords(text).join(' ')
}

/** Whether the parts together cover every character of the word (支付 alone does not cover 支付令). */
function covering(word: string, parts: string[]): boolean {
  const covered = new Array<boolean>(word.length).fill(false)
  for (const part of parts) {
    for (let at = word.indexOf(part); at >= 0; at = word.indexOf(part, at + 1)) covered.fill(true, at, at + part.length)
  }
  return covered.every(Boolean)
}

/**
 * The words of a query: the text cut precisely, each compound replaced by its parts when they
 * cover it (「拖欠工资」 → 拖欠, 工资; 「支付令」 stays whole), so a text that says 「拖欠了工资」 is found too; stop words
 * dropped unless nothing else is left; each word once.
 */
export function queryWords(text: string): string[] {
  const words: string[] = []
  for (const word of clean(segmenter().cut(text, false))) {
    const parts = clean(segmenter().cutForSearch(word, false)).filter((p) => p !== word && p.length > 1)
    words.push(...(parts.length > 0 && covering(word, parts) ? parts : [word]))
  }
  const unique = [...new Set(words)]
  const meaningful = unique.filter((w) => !stopWords.has(w))
  return meaningful.length > 0 ? meaningful : unique
}

/** The query words joined by spaces (what plainto_tsquery('simple', …) would take). */
export function segmentQuery(text: string): string {
  return queryWords(text).join(' ')
}

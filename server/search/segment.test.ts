import { describe, expect, it } from 'vitest'
import { indexWords, queryWords, segmentForIndex, segmentQuery } from './segment'
import { searchVectorSql, textQuery, tsquerySql } from './text-search'

describe('segmentation for full-text search', () => {
  it('indexes words, compounds and their parts; drops punctuation; lower-cases latin', () => {
    const words = indexWords('公司拖欠工资三个月，WeChat 里说的“加班费”怎么算？')
    expect(words).toEqual(expect.arrayContaining(['公司', '拖欠', '工资', '拖欠工资', '加班', '加班费', 'wechat']))
    expect(words.some((w) => /[，“”？\s]/.test(w))).toBe(false)
    expect(segmentForIndex('工伤认定。')).toBe('工伤 认定')
  })

  it('queries by words: compounds become their parts, stop words go unless nothing else is left', () => {
    expect(queryWords('公司拖欠工资我该怎么办？')).toEqual(['公司', '拖欠', '工资'])
    expect(segmentQuery('工伤')).toBe('工伤')
    expect(queryWords('怎么办')).toEqual(['怎么办'])
    expect(queryWords('，。？！  ')).toEqual([])
    expect(queryWords('工资 工资')).toEqual(['工资'])
    // 怎么 is a part of 怎么办 but does not cover it: the word stays whole.
    expect(queryWords('加班费怎么办')).toEqual(['加班', '班费'])
  })

  it('every query word of a text is among its index words, so a text finds itself', () => {
    for (const text of ['单位不给交社保能解除劳动合同吗', '试用期被辞退有没有经济补偿', '加班费计算标准', '劳务派遣工伤由谁负责']) {
      const indexed = new Set(indexWords(text))
      expect(queryWords(text).filter((w) => !indexed.has(w))).toEqual([])
    }
  })
})

describe('text-search SQL pieces', () => {
  it('builds a weighted vector from segmented texts', () => {
    expect(searchVectorSql({ A: '$1', B: '$2' })).toBe(
      "setweight(to_tsvector('simple', coalesce($1, '')), 'A') || setweight(to_tsvector('simple', coalesce($2, '')), 'B')",
    )
    expect(() => searchVectorSql({})).toThrow()
    expect(tsquerySql('$3')).toBe("to_tsquery('simple', $3::text)")
  })

  it('quotes every word as a lexeme, AND by default and OR on request', () => {
    expect(textQuery('拖欠工资')).toEqual({ words: ['拖欠', '工资'], text: "'拖欠' & '工资'" })
    expect(textQuery('拖欠工资', 'any')?.text).toBe("'拖欠' | '工资'")
    // A quote never reaches the tsquery unquoted: the segmenter cuts at it.
    expect(textQuery("o'neil")?.text).toBe("'o' & 'neil'")
    expect(textQuery('？！')).toBeNull()
  })
})

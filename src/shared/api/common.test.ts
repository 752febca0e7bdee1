import { describe, expect, it } from 'vitest'
import { isoTimeSchema, plainText } from './common'

describe('plain text', () => {
  const title = plainText({ min: 2, minMessage: '标题至少 2 个字', max: 10 })
  const body = plainText({ max: 50, multiline: true })

  it('trims spaces and invisible characters off the ends', () => {
    expect(title.parse('  工会通知\u200b\u3000')).toBe('工会通知')
    expect(title.parse('\ufeff通知')).toBe('通知')
  })

  it('refuses text that is only invisible, or too short once the invisible part is gone', () => {
    expect(title.safeParse('\u200b\u200c\u200d\u2060').success).toBe(false)
    expect(body.parse('\u200b \u200b')).toBe('')
    expect(title.safeParse('通\u200b').error?.issues[0].message).toBe('标题至少 2 个字')
  })

  it('refuses line breaks outside multi-line fields', () => {
    expect(title.safeParse('第一行\n第二行').success).toBe(false)
    expect(body.parse('第一行\n第二行')).toBe('第一行\n第二行')
  })
})

describe('timestamps', () => {
  it('accepts real offsets and years', () => {
    expect(isoTimeSchema.safeParse('2026-11-22T08:00:00+08:00').success).toBe(true)
    expect(isoTimeSchema.safeParse('2026-11-22T00:00:00.000Z').success).toBe(true)
    expect(isoTimeSchema.safeParse('2026-11-22T00:00:00+05:45').success).toBe(true)
  })

  it('refuses what PostgreSQL or the calendar would not take', () => {
    for (const value of ['2026-11-22T00:00:00+23:59', '2026-11-22T00:00:00+15:00', '2026-11-22T00:00:00+08:07', '0000-01-01T00:00:00Z',
      '1970-01-01T00:00:00Z', '2100-01-01T00:00:00Z', '2026-13-01T00:00:00Z', '2026-11-22']) {
      expect(isoTimeSchema.safeParse(value).success, value).toBe(false)
    }
  })
})

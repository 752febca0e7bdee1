import { describe, expect, it } from 'vitest'
import { messageKinds } from '../../src/shared/api/message'
import { fieldTypeOf, fitField } from './fields'
import { parseSubscribeConfig } from './templates'

describe('fieldTypeOf', () => {
  it('reads the type from the key WeChat gives each field', () => {
    expect(fieldTypeOf('thing2')).toBe('thing')
    expect(fieldTypeOf('character_string12')).toBe('character_string')
    expect(fieldTypeOf('phone_number1')).toBe('phone_number')
    expect(fieldTypeOf('thing')).toBeNull()
    expect(fieldTypeOf('things1')).toBeNull()
    expect(fieldTypeOf('Thing1')).toBeNull()
  })
})

describe('fitField: values cut to WeChat limits', () => {
  it('thing: at most 20 characters, counted as WeChat counts them, cut with …', () => {
    expect(fitField('thing', '五常大米 5kg')).toBe('五常大米 5kg')
    const long = '嘉兴市秀洲区油车港镇某某电子有限公司工会委员会'
    const cut = fitField('thing', long)
    expect(Array.from(cut)).toHaveLength(20)
    expect(cut.endsWith('…')).toBe(true)
    expect(cut.startsWith('嘉兴市秀洲区油车港镇某某电子有限公司工'.slice(0, 19))).toBe(true)
    // A character outside the BMP is one character, never half a surrogate pair.
    const rare = '𠮷'.repeat(25)
    expect(Array.from(fitField('thing', rare))).toHaveLength(20)
    expect(fitField('thing', '第一行\n第二行   第三行')).toBe('第一行 第二行 第三行')
  })

  it('character_string: 32 of letters, digits and symbols, nothing else', () => {
    expect(fitField('character_string', '261122 4821 0937')).toBe('26112248210937')
    expect(fitField('character_string', '单号：SF-1234_56')).toBe('SF-1234_56')
    expect(fitField('character_string', 'A'.repeat(40))).toBe('A'.repeat(32))
  })

  it('phrase: at most 5 Chinese characters', () => {
    expect(fitField('phrase', '已通过')).toBe('已通过')
    expect(fitField('phrase', '审核已经通过了')).toBe('审核已经通')
    expect(fitField('phrase', 'OK 通过!')).toBe('通过')
  })

  it('number, letter, symbol, amount, phone_number, car_number', () => {
    expect(fitField('number', '积分 120 分')).toBe('120')
    expect(fitField('number', '9'.repeat(40))).toBe('9'.repeat(32))
    expect(fitField('letter', 'abc123DEF')).toBe('abcDEF')
    expect(fitField('symbol', 'a-b+c*d/e%f')).toBe('-+*/%')
    expect(fitField('amount', '1,234.50元')).toBe('1234.50元')
    expect(fitField('amount', '12345678901')).toBe('0')
    expect(fitField('phone_number', '电话 0573-8888 8888')).toBe('0573-88888888')
    expect(fitField('car_number', '浙F 12345 6')).toBe('浙F123456')
  })

  it('name: 10 characters, 20 for a Latin-only name', () => {
    expect(fitField('name', '欧阳娜娜')).toBe('欧阳娜娜')
    expect(Array.from(fitField('name', '阿卜杜热合曼·买买提明·艾则孜'))).toHaveLength(10)
    expect(fitField('name', 'Alexander Hamiltonian')).toHaveLength(20)
  })

  it('time and date: an instant in Shanghai time, as WeChat writes it', () => {
    const at = new Date('2026-11-22T16:05:00Z')
    expect(fitField('time', at)).toBe('2026年11月23日 00:05')
    expect(fitField('date', at)).toBe('2026年11月23日')
    expect(fitField('time', '2026-01-01T08:00:00+08:00')).toBe('2026年1月1日 08:00')
    expect(fitField('date', '2026年1月1日')).toBe('2026年1月1日')
  })

  it('never leaves a field empty: WeChat refuses the whole send for one empty value', () => {
    expect(fitField('thing', '   ')).toBe('无')
    expect(fitField('character_string', '中文')).toBe('-')
    expect(fitField('phrase', 'abc')).toBe('无')
    expect(fitField('number', '')).toBe('0')
  })
})

describe('parseSubscribeConfig', () => {
  const valid = { templates: { order_shipped: { templateId: 'abc_DEF-123', fields: { thing1: 'payload.itemTitle', time2: 'createdAt' } } } }

  it('takes JSON inline, with the type of each field from its key', () => {
    const config = parseSubscribeConfig(JSON.stringify(valid))
    expect(config.miniprogramState).toBe('formal')
    expect(config.templates.order_shipped?.fields).toEqual([
      { key: 'thing1', type: 'thing', source: 'payload.itemTitle' },
      { key: 'time2', type: 'time', source: 'createdAt' },
    ])
  })

  it('reads the example file shipped in the repository, which maps every message kind', () => {
    const config = parseSubscribeConfig('config/subscribe-templates.example.json')
    expect(Object.keys(config.templates).sort()).toEqual([...messageKinds].sort())
  })

  it('refuses what would only fail later, naming the place', () => {
    expect(() => parseSubscribeConfig('{ not json')).toThrow(/不是有效的 JSON/)
    expect(() => parseSubscribeConfig('/nonexistent/templates.json')).toThrow(/文件 \/nonexistent\/templates.json/)
    const unknownKind = { templates: { order_lost: valid.templates.order_shipped } }
    expect(() => parseSubscribeConfig(JSON.stringify(unknownKind))).toThrow(/templates/)
    const badField = { templates: { order_shipped: { templateId: 'abc', fields: { title1: 'title' } } } }
    expect(() => parseSubscribeConfig(JSON.stringify(badField))).toThrow(/title1/)
    const badSource = { templates: { order_shipped: { templateId: 'abc', fields: { thing1: 'payload' } } } }
    expect(() => parseSubscribeConfig(JSON.stringify(badSource))).toThrow(/thing1/)
    const badId = { templates: { order_shipped: { templateId: 'a b', fields: { thing1: 'title' } } } }
    expect(() => parseSubscribeConfig(JSON.stringify(badId))).toThrow(/模板编号/)
    expect(() => parseSubscribeConfig(JSON.stringify({ ...valid, extra: 1 }))).toThrow()
  })
})

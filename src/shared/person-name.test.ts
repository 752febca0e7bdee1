import { describe, expect, it } from 'vitest'
import { normalizePersonName, personNameProblem } from './person-name'

const check = (raw: string, label?: string) => personNameProblem(normalizePersonName(raw), label)

describe('person names', () => {
  it('accepts Chinese names, minority names with a middle dot, rare characters and Latin names', () => {
    for (const name of ['李明', '欧阳娜娜', '阿依古丽·买买提', '𠈌平', '䶮王', '李〇', 'Anna Lee', 'Ayşe Yılmaz', 'Nguyễn Văn An', 'JOHN SMITH']) {
      expect(check(name), name).toBeNull()
    }
  })

  it('normalises the dots IMEs type, full-width spaces, composed letters and the ends', () => {
    expect(normalizePersonName(' 阿依古丽・买买提 ')).toBe('阿依古丽·买买提')
    expect(normalizePersonName('阿依古丽•买买提')).toBe('阿依古丽·买买提')
    expect(normalizePersonName('阿依古丽･买买提')).toBe('阿依古丽·买买提')
    expect(normalizePersonName('Anna\u3000Lee')).toBe('Anna Lee')
    expect(normalizePersonName('Ays\u0327e')).toBe('Ayşe')
    expect(check('Ays\u0327e Yılmaz')).toBeNull()
  })

  it('asks for an empty name to be filled in', () => {
    expect(check('')).toBe('请填写姓名')
    expect(check('  \u3000 ')).toBe('请填写姓名')
    expect(check('', '收件人')).toBe('请填写收件人')
  })

  it('refuses emoji, digits and symbols', () => {
    for (const name of ['李😀 明', '李😀明', '李明1', '李明１', '李明!', '李-明', "O'Brien", '李_明', '李\u200b明', '张×三', 'Ⅻ世']) {
      expect(check(name), name).toBe('姓名只能包含汉字、间隔号“·”或字母')
    }
    expect(check('李明2', '收件人')).toBe('收件人只能包含汉字、间隔号“·”或字母')
  })

  it('refuses dots at the ends, doubled separators and spaces outside Latin words', () => {
    expect(check('·买买提')).toBe('姓名的开头和结尾不能是间隔号“·”')
    expect(check('买买提·')).toBe('姓名的开头和结尾不能是间隔号“·”')
    expect(check('阿依古丽··买买提')).toBe('姓名中不能有连续的间隔号或空格')
    expect(check('Anna  Lee')).toBe('姓名中不能有连续的间隔号或空格')
    expect(check('Anna · Lee')).toBe('姓名中不能有连续的间隔号或空格')
    expect(check('李 明')).toBe('姓名中只有字母之间可以有空格')
    expect(check('Anna 李')).toBe('姓名中只有字母之间可以有空格')
  })

  it('counts length in characters, not UTF-16 units', () => {
    expect(check('李')).toBe('姓名至少 2 个字')
    expect(check('𠈌𠈌')).toBeNull()
    expect(check('𠈌'.repeat(40))).toBeNull()
    expect(check('李'.repeat(41))).toBe('姓名不超过 40 个字')
  })
})

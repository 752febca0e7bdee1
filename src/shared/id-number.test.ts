import { describe, expect, it } from 'vitest'
import { idCheckChar, idNumberMessages, idNumberProblem, isValidIdNumber, maskPhone } from './id-number'
import { allRegionCodes, isRegionCode } from './region-codes'

/** A checksum-valid ID number from its region code and the 11 digits after it. */
const withCheck = (region: string, rest = '19900101123') => `${region}${rest}${idCheckChar(`${region}${rest}`)}`

describe('resident ID numbers', () => {
  it('accepts valid numbers, including a lower-case X check character', () => {
    expect(isValidIdNumber('11010519491231002X')).toBe(true)
    expect(isValidIdNumber('11010519491231002x')).toBe(true)
    expect(isValidIdNumber(' 330482199001011232 ')).toBe(true)
  })

  it('rejects wrong check characters, impossible dates, future births and wrong lengths', () => {
    expect(isValidIdNumber('110105194912310021')).toBe(false)
    const feb30 = '3304821990023012' + '3'
    expect(isValidIdNumber(feb30 + idCheckChar(feb30))).toBe(false)
    const future = '3304822990010112' + '3'
    expect(isValidIdNumber(future + idCheckChar(future))).toBe(false)
    expect(isValidIdNumber('33048219900101123')).toBe(false)
    expect(isValidIdNumber('33048219900101123X1')).toBe(false)
  })

  it('names the problem: empty, format, region, birth date or checksum', () => {
    expect(idNumberProblem('')).toBe('empty')
    expect(idNumberProblem('   ')).toBe('empty')
    expect(idNumberProblem('3304821990')).toBe('format')
    expect(idNumberProblem('33048219900101123Y')).toBe('format')
    expect(idNumberProblem(withCheck('000000'))).toBe('region')
    expect(idNumberProblem(withCheck('330482', '19900230123'))).toBe('birthDate')
    expect(idNumberProblem('110105194912310021')).toBe('checksum')
    expect(idNumberMessages.empty).toBe('请填写身份证号码')
    expect(idNumberMessages.region).toBe('身份证号码的地区码无效')
  })

  it('checks the region code against current and past division codes', () => {
    // Current: 秀洲区, 南湖区, 平湖市; past: 嘉兴 市辖区, 平湖县 (until 1991), 崇文区 of Beijing (until 2010).
    for (const region of ['330411', '330402', '330482', '330401', '330422', '110103']) {
      expect(idNumberProblem(withCheck(region)), region).toBeNull()
    }
    // Provinces and prefectures are codes too; 香港, 澳门 and Taiwan residents' permits carry theirs.
    for (const region of ['330000', '330400', '810000', '820000', '830000']) {
      expect(isRegionCode(region), region).toBe(true)
    }
    for (const region of ['000000', '330499', '339999', '990000', '123456']) {
      expect(idNumberProblem(withCheck(region)), region).toBe('region')
    }
    // The checksum is still checked after a good region code.
    const good = withCheck('330401')
    expect(idNumberProblem(good.slice(0, 17) + (good[17] === '0' ? '1' : '0'))).toBe('checksum')
  })

  it('ships a plausible code list: sorted, six digits, a few thousand codes', () => {
    const codes = allRegionCodes()
    expect(codes.length).toBe(7207)
    expect(codes.every((code, i) => code >= 110000 && code <= 830000 && (i === 0 || code > codes[i - 1]))).toBe(true)
    expect(isRegionCode('33041')).toBe(false)
    expect(isRegionCode('3304110')).toBe(false)
  })

  it('masks phone numbers to the first three and last four digits', () => {
    expect(maskPhone('13957312345')).toBe('139****2345')
    expect(maskPhone('123')).toBe('****')
  })
})

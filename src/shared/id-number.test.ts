import { describe, expect, it } from 'vitest'
import { idCheckChar, isValidIdNumber, maskPhone } from './id-number'

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

  it('masks phone numbers to the first three and last four digits', () => {
    expect(maskPhone('13957312345')).toBe('139****2345')
    expect(maskPhone('123')).toBe('****')
  })
})

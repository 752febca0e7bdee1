import { describe, expect, it } from 'vitest'
import { codesError, parseCodes } from './codes'

describe('coupon code upload', () => {
  it('takes one code per line and skips blank lines', () => {
    expect(parseCodes('  VIP-0001\r\n\nVIP-0002  \n')).toEqual(['VIP-0001', 'VIP-0002'])
  })

  it('names the first code the server would refuse', () => {
    expect(codesError(['VIP-0001', 'ab', 'VIP-0003'])).toContain('第 2 个券码「ab」')
    expect(codesError(['含中文的码'])).toContain('第 1 个')
    expect(codesError([])).toBe('请至少填写 1 个券码')
    expect(codesError(['VIP-0001'])).toBeNull()
  })
})

import { describe, expect, it } from 'vitest'
import { codeIn, isCode } from './code-text'

describe('the code in what was typed or scanned', () => {
  it('reads a link, a grouped code or a code typed in lower case', () => {
    expect(codeIn('https://jxgh.example/#/pages/verify/certificate/index?code=A7K2M9PQ3XZ8')).toBe('A7K2M9PQ3XZ8')
    expect(codeIn('/pages/verify/certificate/index?code=a7k2m9pq3xz8')).toBe('A7K2M9PQ3XZ8')
    expect(codeIn(' A7K2 M9PQ-3XZ8 ')).toBe('A7K2M9PQ3XZ8')
    expect(isCode(codeIn('a7k2m9pq3xz8'))).toBe(true)
  })

  it('leaves anything else for the form to refuse', () => {
    expect(isCode(codeIn('A7K2'))).toBe(false)
    expect(isCode(codeIn('https://example.com/?code=short'))).toBe(false)
    expect(isCode(codeIn('张晓梅'))).toBe(false)
  })
})

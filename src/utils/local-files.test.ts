import { describe, expect, it } from 'vitest'
import { fileNameOf, mimeTypeOf } from './local-files'

describe('local file names', () => {
  it('keeps the last part of a path, without control characters, at most 100 characters with the extension', () => {
    expect(fileNameOf('wxfile://tmp_4f2a/IMG_0042.JPG')).toBe('IMG_0042.JPG')
    expect(fileNameOf('C:\\照片\\运动会.jpg')).toBe('运动会.jpg')
    expect(fileNameOf('a\u0000b\u007f.png')).toBe('ab.png')
    expect(fileNameOf('工资表\u202egpj.exe')).toBe('工资表gpj.exe')
    expect(fileNameOf('..hidden.jpg')).toBe('hidden.jpg')
    const long = fileNameOf(`${'x'.repeat(150)}.jpeg`)
    expect(long).toHaveLength(100)
    expect(long.endsWith('.jpeg')).toBe(true)
    expect(fileNameOf('dir/')).toBe('file')
  })

  it('names the type by extension only for the server to check against the bytes', () => {
    expect(mimeTypeOf('IMG_0042.JPG')).toBe('image/jpeg')
    expect(mimeTypeOf('scan.pdf')).toBe('application/pdf')
    expect(mimeTypeOf('tmp_abc')).toBe('application/octet-stream')
  })
})

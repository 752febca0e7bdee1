import qrcode from 'qrcode-generator'

/** A GIF data URL: an <Image> shows it the same way on WeChat and H5, no canvas needed. */
export function qrDataUrl(text: string): string {
  const qr = qrcode(0, 'M')
  qr.addData(text, 'Byte')
  qr.make()
  return qr.createDataURL(8, 2)
}

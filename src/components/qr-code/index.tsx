import { Image } from '@tarojs/components'
import { useMemo } from 'react'
import { qrDataUrl } from './qr-image'

/** A QR code of `text`, drawn as an image; size and state come from the caller's class. */
export function QrCode({ text, className }: { text: string; className?: string }) {
  const src = useMemo(() => qrDataUrl(text), [text])
  return <Image className={className} src={src} mode='scaleToFill' />
}

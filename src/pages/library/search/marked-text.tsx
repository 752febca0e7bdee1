import { Text } from '@tarojs/components'
import type { MarkedText } from '../../../shared/api'
import './marked-text.scss'

/** Text with the matched words highlighted: the server sends offsets, never HTML. */
export function Marked({ value, className }: { value: MarkedText; className?: string }) {
  const pieces: { text: string; marked: boolean }[] = []
  let at = 0
  for (const [start, end] of value.marks) {
    if (start > at) pieces.push({ text: value.text.slice(at, start), marked: false })
    pieces.push({ text: value.text.slice(start, end), marked: true })
    at = end
  }
  if (at < value.text.length) pieces.push({ text: value.text.slice(at), marked: false })
  return (
    <Text className={className}>
      {pieces.map((p, i) =>
        p.marked ? (
          <Text key={i} className='marked-text__mark'>
            {p.text}
          </Text>
        ) : (
          p.text
        ),
      )}
    </Text>
  )
}

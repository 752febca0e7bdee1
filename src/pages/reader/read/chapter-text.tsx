import { Image, Text, View } from '@tarojs/components'
import { memo, useMemo } from 'react'
import type { Annotation } from '../../../shared/api/library-reader'
import type { ChapterBlock } from '../../../shared/api/library-common'
import { cx } from '../../../utils/cx'
import { paragraphSegments } from './segments'
import type { HighlightRange } from './segments'

export interface SentencePick {
  start: number
  end: number
  text: string
  /** The highlight under the tapped piece, to edit or remove it. */
  highlight: HighlightRange | null
}

interface ChapterTextProps {
  blocks: ChapterBlock[]
  annotations: Annotation[]
  /** The sentence chosen, drawn selected while the sheet is open. */
  picked: SentencePick | null
  onPick: (pick: SentencePick) => void
}

/**
 * A chapter drawn from its blocks: a Text per sentence piece, highlights drawn from the member's
 * annotation offsets, a ribbon on paragraphs holding a bookmark. Each block carries `reader-block`
 * and its start offset, so the page can measure where blocks sit and save a position.
 */
export const ChapterText = memo(function ChapterText({ blocks, annotations, picked, onPick }: ChapterTextProps) {
  const highlights = useMemo(
    () => annotations.filter((a) => a.kind === 'highlight').map((a) => ({ id: a.id, start: a.startOffset, end: a.endOffset, note: a.note })),
    [annotations],
  )
  const bookmarks = useMemo(() => annotations.filter((a) => a.kind === 'bookmark').map((a) => a.startOffset), [annotations])
  return (
    <View className='reader-text'>
      {blocks.map((block, index) => {
        if (block.kind === 'image') {
          return (
            <View key={index} className='reader-block reader-block--image' data-start={-1}>
              <Image className='reader-image' src={block.url} mode='widthFix' lazyLoad />
              {block.alt && <Text className='reader-image__alt'>{block.alt}</Text>}
            </View>
          )
        }
        const end = block.start + block.text.length
        const marked = bookmarks.some((offset) => offset >= block.start && offset <= end)
        if (block.kind === 'heading') {
          return (
            <View key={index} className={cx('reader-block', 'reader-heading', `reader-heading--${block.level}`, marked && 'reader-block--bookmarked')}>
              <Text>{block.text}</Text>
            </View>
          )
        }
        const segments = paragraphSegments(block.text, block.start, highlights)
        return (
          <View key={index} className={cx('reader-block', 'reader-paragraph', marked && 'reader-block--bookmarked')}>
            {segments.map((s) => (
              <Text
                key={s.start}
                className={cx(
                  'reader-sentence',
                  s.highlight && 'reader-sentence--highlight',
                  picked && s.start >= picked.start && s.end <= picked.end && 'reader-sentence--picked',
                )}
                onClick={() =>
                  onPick({
                    start: s.highlight ? s.highlight.start : s.sentenceStart,
                    end: s.highlight ? s.highlight.end : s.sentenceEnd,
                    text: s.highlight ? '' : block.text.slice(s.sentenceStart - block.start, s.sentenceEnd - block.start),
                    highlight: s.highlight,
                  })
                }
              >
                {s.text}
                {s.noteMark && <Text className='reader-note-mark'>注</Text>}
              </Text>
            ))}
          </View>
        )
      })}
    </View>
  )
})

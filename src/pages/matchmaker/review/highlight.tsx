import { Text } from '@tarojs/components'
import { splitOnWords } from '../../../utils/word-hits'

/** Text with the word list's hits marked in red. */
export function Highlighted({ text, words, className }: { text: string; words: readonly string[]; className?: string }) {
  return (
    <Text className={className}>
      {splitOnWords(text, words).map((part, i) =>
        part.hit ? (
          <Text key={i} className='word-hit'>
            {part.text}
          </Text>
        ) : (
          part.text
        ),
      )}
    </Text>
  )
}

import type { ChapterBlock } from '../../src/shared/api/library-common'

/** A chapter's content in reading order, before offsets are counted. */
export type BlockContent =
  | { kind: 'heading'; level: 1 | 2 | 3; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'image'; url: string; alt: string }

/**
 * Counts the offsets: the plain text is the text blocks joined by '\n', and each text block's
 * `start` is where it begins there (the rule ChapterBlock states). Empty text blocks are dropped,
 * so offsets never point between two newlines of nothing.
 */
export function assembleBlocks(content: BlockContent[]): { blocks: ChapterBlock[]; plainText: string } {
  const blocks: ChapterBlock[] = []
  const texts: string[] = []
  let offset = 0
  for (const item of content) {
    if (item.kind === 'image') {
      blocks.push(item)
      continue
    }
    if (!item.text) continue
    if (texts.length) offset += 1
    blocks.push({ ...item, start: offset })
    texts.push(item.text)
    offset += item.text.length
  }
  return { blocks, plainText: texts.join('\n') }
}

import { RichText } from '@tarojs/components'
import { useMemo } from 'react'
import { richTextNodes } from './rich-text-nodes'
import './index.scss'

/** Sanitised rich text (a notice's body, a course article) drawn with the app's own styles. */
export function RichBody({ html, className }: { html: string; className?: string }) {
  const nodes = useMemo(() => richTextNodes(html), [html])
  return <RichText className={`rich-body${className ? ` ${className}` : ''}`} nodes={nodes} />
}

import { RichText } from '@tarojs/components'
import { useMemo } from 'react'
import { richTextNodes } from './rich-text-nodes'
import './notice-body.scss'

export function NoticeBody({ html, className }: { html: string; className?: string }) {
  const nodes = useMemo(() => richTextNodes(html), [html])
  return <RichText className={`notice-body${className ? ` ${className}` : ''}`} nodes={nodes} />
}

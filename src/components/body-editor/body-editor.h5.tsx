import { Text as TaroText, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect, useRef, useState } from 'react'
import type { ClipboardEvent } from 'react'
import { richTextTags } from '../../shared/rich-text-tags'
import type { BodyEditorProps } from './body-editor'
import { bodyImageTool, bodyPlaceholder, bodyTools } from './body-tools'
import { useBodyImage } from './use-body-image'
import type { BodyTool } from './body-tools'
import './body-editor.scss'

/**
 * A contenteditable editor that changes the DOM through Range and node operations only
 * (document.execCommand is deprecated and writes <b>, <font> and inline styles). What it hands
 * back is re-serialised to the tags the server keeps, so the body never depends on what
 * the browser chose to write.
 */

// Holds the caret inside a format that has no text yet; never part of the body.
const zwsp = '\u200B'
// What browsers write for a new line or a pasted format, in the tags the server keeps.
const renamed: Record<string, string> = { b: 'strong', i: 'em', div: 'p' }
const keptTags = new Set(richTextTags.filter((tag) => tag !== 'span'))
const blockTags = new Set(['p', 'div', 'h2', 'h3', 'h4', 'ul', 'ol', 'li', 'blockquote'])
const inlineTags: Partial<Record<BodyTool, string>> = { bold: 'strong', italic: 'em' }

const tagOf = (node: Node): string => (node instanceof HTMLElement ? (renamed[node.localName] ?? node.localName) : '')

const escapeText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
const escapeAttr = (text: string) => escapeText(text).replace(/"/g, '&quot;')

function serializeChildren(node: Node): string {
  return Array.from(node.childNodes, serializeNode).join('')
}

function serializeNode(node: Node): string {
  if (node instanceof Text) return escapeText(node.data.replaceAll(zwsp, ''))
  if (!(node instanceof HTMLElement)) return ''
  const tag = tagOf(node)
  if (tag === 'br') return '<br>'
  if (tag === 'img') {
    const src = node.getAttribute('src')
    return src ? `<img src="${escapeAttr(src)}" alt="${escapeAttr(node.getAttribute('alt') ?? '')}">` : ''
  }
  const inner = serializeChildren(node)
  if (!keptTags.has(tag)) return inner
  // A format started at the caret and never typed into leaves an empty element behind.
  if (inner === '') return ''
  if (tag === 'a') {
    const href = node.getAttribute('href')
    return href ? `<a href="${escapeAttr(href)}">${inner}</a>` : inner
  }
  return `<${tag}>${inner}</${tag}>`
}

/** The body as the server will keep it; a browser's leftover lone <br> counts as empty. */
function bodyOf(root: HTMLElement): string {
  const html = serializeChildren(root)
  return html.replace(/<br>/g, '').replace(/<(\w+)><\/\1>/g, '') === '' ? '' : html
}

/** Parses stored HTML without running or fetching anything (a template is inert), then keeps only the body's tags. */
function cleanHtml(html: string): string {
  const template = document.createElement('template')
  template.innerHTML = html
  return serializeChildren(template.content)
}

function closestTag(node: Node | null, tag: string, root: HTMLElement): HTMLElement | null {
  for (let n = node; n && n !== root; n = n.parentNode) {
    if (n instanceof HTMLElement && tagOf(n) === tag) return n
  }
  return null
}

function caretAt(node: Node, offset: number): Range {
  const range = document.createRange()
  range.setStart(node, offset)
  range.collapse(true)
  return range
}

/** The text nodes a range covers, split at its ends so that each lies wholly inside it. */
function coveredTexts(range: Range, root: HTMLElement): Text[] {
  // Ranges are live: splitting moves their boundary points along with the text.
  const { endContainer, endOffset } = range
  if (endContainer instanceof Text && endOffset > 0 && endOffset < endContainer.length) endContainer.splitText(endOffset)
  const { startContainer, startOffset } = range
  if (startContainer instanceof Text && startOffset > 0 && startOffset < startContainer.length) {
    range.setStart(startContainer.splitText(startOffset), 0)
  }
  const texts: Text[] = []
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (n instanceof Text && n.data.replaceAll(zwsp, '') !== '' && range.intersectsNode(n)) {
      const starts = n === range.startContainer ? range.startOffset : 0
      const ends = n === range.endContainer ? range.endOffset : n.length
      if (ends > starts) texts.push(n)
    }
  }
  return texts
}

/** Bold or italic: on a selection, its text; at the caret, what is typed next. A second tap takes it off. */
function toggleInline(root: HTMLElement, range: Range, tag: string): Range {
  const around = closestTag(range.startContainer, tag, root)
  if (range.collapsed) {
    const marker = document.createTextNode(zwsp)
    if (around) {
      // Leave the format where the caret is: what follows the caret stays formatted, after it.
      const tail = document.createRange()
      tail.setStart(range.startContainer, range.startOffset)
      tail.setEndAfter(around)
      const rest = tail.extractContents()
      around.after(marker)
      if (rest.textContent?.replaceAll(zwsp, '')) marker.after(rest)
    } else {
      const element = document.createElement(tag)
      element.append(marker)
      range.insertNode(element)
    }
    return caretAt(marker, 1)
  }
  const texts = coveredTexts(range, root)
  if (texts.length === 0) return range
  const selected = document.createRange()
  if (texts.every((t) => closestTag(t, tag, root))) {
    for (const t of texts) {
      const element = closestTag(t, tag, root)
      if (element) element.replaceWith(...Array.from(element.childNodes))
    }
  } else {
    for (const t of texts) {
      if (closestTag(t, tag, root)) continue
      const element = document.createElement(tag)
      t.replaceWith(element)
      element.append(t)
    }
  }
  selected.setStart(texts[0], 0)
  const last = texts[texts.length - 1]
  selected.setEnd(last, last.length)
  return selected
}

/** The paragraph-level element holding the caret; loose text at the top level is first wrapped in a <p>. */
function blockAt(root: HTMLElement, node: Node): HTMLElement {
  const item = closestTag(node, 'li', root)
  if (item) return item
  let top: Node = node
  if (top === root) {
    const p = document.createElement('p')
    root.append(p)
    return p
  }
  while (top.parentNode !== root && top.parentNode) top = top.parentNode
  if (top instanceof HTMLElement && blockTags.has(top.localName)) return top
  // A run of inline nodes between blocks (or <br>s) is one line: the browser writes the first
  // line of an empty editor that way.
  const isBoundary = (n: Node) => n instanceof HTMLElement && (blockTags.has(n.localName) || n.localName === 'br')
  const line: Node[] = [top]
  for (let n = top.previousSibling; n && !isBoundary(n); n = n.previousSibling) line.unshift(n)
  for (let n = top.nextSibling; n && !isBoundary(n); n = n.nextSibling) line.push(n)
  const after = line[line.length - 1].nextSibling
  const p = document.createElement('p')
  root.insertBefore(p, line[0])
  p.append(...line)
  if (after instanceof HTMLElement && after.localName === 'br') after.remove()
  return p
}

function renameElement(element: HTMLElement, tag: string): HTMLElement {
  const renamedElement = document.createElement(tag)
  renamedElement.append(...Array.from(element.childNodes))
  element.replaceWith(renamedElement)
  return renamedElement
}

/** Takes one item out of its list as a paragraph, splitting the list around it. */
function unlist(item: HTMLElement): void {
  const list = item.parentElement
  if (!list) return
  const below = document.createElement(list.localName)
  while (item.nextSibling) below.append(item.nextSibling)
  const p = document.createElement('p')
  p.append(...Array.from(item.childNodes))
  list.after(p, below)
  item.remove()
  if (!list.hasChildNodes()) list.remove()
  if (!below.hasChildNodes()) below.remove()
}

/** 小标题 and 列表 act on the caret's whole line, and a second tap turns it back into a paragraph. */
function toggleBlock(root: HTMLElement, range: Range, tool: 'heading' | 'list'): Range {
  // Where the caret was, as a node and offset: nodes moved below keep their text, so it stays valid.
  const caret = { node: range.startContainer, offset: range.startOffset }
  const block = blockAt(root, caret.node)
  const tag = tagOf(block)
  if (tool === 'list') {
    if (tag === 'li') unlist(block)
    else {
      const item = document.createElement('li')
      item.append(...Array.from(block.childNodes))
      const previous = block.previousElementSibling
      if (previous?.localName === 'ul') {
        previous.append(item)
        block.remove()
      } else {
        const list = document.createElement('ul')
        list.append(item)
        block.replaceWith(list)
      }
    }
  } else if (tag === 'h3') renameElement(block, 'p')
  else if (tag === 'li') {
    unlist(block)
    const p = blockAt(root, caret.node)
    renameElement(p, 'h3')
  } else renameElement(block, 'h3')
  return root.contains(caret.node) ? caretAt(caret.node, Math.min(caret.offset, caret.node.textContent?.length ?? 0)) : range
}

export function BodyEditor({ initialHtml, onChange, onImageUploaded, imagePurpose }: BodyEditorProps) {
  const rootRef = useRef<HTMLDivElement>(null)
  // The last caret or selection inside the editor: a toolbar tap may have taken the focus away.
  const lastRange = useRef<Range | null>(null)
  const [empty, setEmpty] = useState(initialHtml.trim() === '')

  useEffect(() => {
    const root = rootRef.current
    if (root) root.innerHTML = cleanHtml(initialHtml)
    const remember = () => {
      const selection = document.getSelection()
      if (!root || !selection?.rangeCount) return
      const range = selection.getRangeAt(0)
      if (root.contains(range.commonAncestorContainer)) lastRange.current = range.cloneRange()
    }
    document.addEventListener('selectionchange', remember)
    return () => document.removeEventListener('selectionchange', remember)
    // The editor owns its content after the first render; initialHtml only seeds it.
  }, [])

  const changed = () => {
    const root = rootRef.current
    if (!root) return
    const html = bodyOf(root)
    setEmpty(html === '')
    onChange(html)
  }

  const currentRange = (root: HTMLElement): Range => {
    const selection = document.getSelection()
    const live = selection?.rangeCount ? selection.getRangeAt(0) : null
    if (live && root.contains(live.commonAncestorContainer)) return live
    if (lastRange.current && root.contains(lastRange.current.commonAncestorContainer)) return lastRange.current
    // Never touched yet: the end of the body.
    const end = document.createRange()
    end.selectNodeContents(root)
    end.collapse(false)
    return end
  }

  const select = (root: HTMLElement, range: Range) => {
    root.focus()
    const selection = document.getSelection()
    selection?.removeAllRanges()
    selection?.addRange(range)
    lastRange.current = range.cloneRange()
  }

  const apply = (tool: BodyTool) => {
    const root = rootRef.current
    if (!root) return
    const range = currentRange(root)
    const inline = inlineTags[tool]
    let next: Range
    if (inline) next = toggleInline(root, range, inline)
    else if (tool === 'heading' || tool === 'list') next = toggleBlock(root, range, tool)
    else return
    select(root, next)
    changed()
  }

  // At the caret (or over the selection) as it was when the tool was tapped: the file dialog took the focus.
  const image = useBodyImage(imagePurpose, (src) => {
    const root = rootRef.current
    if (!root) return
    const range = currentRange(root)
    range.deleteContents()
    const element = document.createElement('img')
    element.src = src
    element.alt = '图片'
    range.insertNode(element)
    const after = document.createRange()
    after.setStartAfter(element)
    after.collapse(true)
    select(root, after)
    changed()
  }, onImageUploaded)

  const paste = (event: ClipboardEvent<HTMLDivElement>) => {
    // Pasted HTML carries styles and foreign tags: only its text comes in, line breaks kept.
    event.preventDefault()
    const root = rootRef.current
    if (!root) return
    const range = currentRange(root)
    range.deleteContents()
    const lines = event.clipboardData.getData('text/plain').split(/\r?\n/)
    const fragment = document.createDocumentFragment()
    lines.forEach((line, i) => {
      if (i > 0) fragment.append(document.createElement('br'))
      fragment.append(document.createTextNode(line))
    })
    const last = fragment.lastChild
    range.insertNode(fragment)
    if (last) select(root, caretAt(last, last instanceof Text ? last.length : 0))
    changed()
  }

  return (
    <View className='body-editor'>
      <View className='body-editor__toolbar'>
        {bodyTools.map((tool) => (
          <button
            key={tool.key}
            type='button'
            className={`body-editor__tool body-editor__tool--${tool.key}`}
            // Keeps the focus, and so the selection, in the editor.
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => apply(tool.key)}
          >
            {tool.label}
          </button>
        ))}
        <button
          type='button'
          className='body-editor__tool body-editor__tool--image'
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => void image.pick()}
        >
          {image.label ?? bodyImageTool}
        </button>
      </View>
      <View className='body-editor__frame'>
        {empty && <TaroText className='body-editor__placeholder'>{bodyPlaceholder}</TaroText>}
        <div
          ref={rootRef}
          className='body-editor__area rich-body'
          contentEditable
          role='textbox'
          aria-multiline='true'
          aria-label='正文'
          onInput={changed}
          onPaste={paste}
          onDrop={(e) => {
            e.preventDefault()
            void Taro.showToast({ title: '请粘贴文字，不支持拖入内容', icon: 'none' })
          }}
        />
      </View>
    </View>
  )
}

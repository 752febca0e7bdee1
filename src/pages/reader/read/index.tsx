import { Button, Popup } from '@nutui/nutui-react-taro'
import { ScrollView, Text, View } from '@tarojs/components'
import Taro, { useDidHide, useDidShow, usePageScroll, useRouter, useUnload } from '@tarojs/taro'
import { useCallback, useEffect, useRef, useState } from 'react'
import { ApiCallError, api, errorText } from '../../../api'
import { LoadFailure, loadErrorOf } from '../../../components/load-failure'
import type { LoadError } from '../../../components/load-failure'
import { PageShell } from '../../../components/page-shell'
import { PageState } from '../../../components/page-state'
import { PromptDialog } from '../../../components/prompt-dialog'
import { useLargeText } from '../../../hooks/use-large-text'
import { useRequestId } from '../../../hooks/use-request-id'
import { routes, withQuery } from '../../../routes'
import type { Annotation, OpenedBook, OpenedChapter } from '../../../shared/api/library-reader'
import { libraryLimits } from '../../../shared/library/names'
import { cx } from '../../../utils/cx'
import { openPage } from '../../../utils/navigate'
import { cachedBook, cachedChapter, rememberChapter } from './chapter-cache'
import { ChapterText } from './chapter-text'
import type { SentencePick } from './chapter-text'
import { takeJump } from './jump'
import { blockIndexAt } from './segments'
import { SettingsPanel } from './settings-panel'
import type { ReaderLook } from './settings-panel'
import { useReadingSession } from './use-reading-session'
import './index.scss'

/** A position is saved this long after the last scroll, and at once on a page turn or hide. */
const saveDelayMs = 1500
/** What the fixed progress bar covers at the top of the screen. */
const topInset = 8

const navColors = { day: '#c4161c', eye_care: '#4f7a4f', night: '#1b1d21' } as const

function isOffline(error: unknown): boolean {
  return error instanceof ApiCallError && error.code === 'NETWORK'
}

/** Where each text block begins in the chapter's plain text (an image at the offset of the text before it). */
function blockStarts(chapter: OpenedChapter): number[] {
  let last = 0
  return chapter.blocks.map((block) => {
    if (block.kind !== 'image') last = block.start
    return last
  })
}

function withAnnotation(chapter: OpenedChapter, annotation: Annotation): OpenedChapter {
  const rest = chapter.annotations.filter((a) => a.id !== annotation.id)
  const annotations = [...rest, annotation].sort((a, b) => a.startOffset - b.startOffset || a.id - b.id)
  return { ...chapter, annotations }
}

/**
 * The reader: one chapter at a time drawn from its blocks, previous and next, a progress bar, the
 * contents, the member's comfort settings (saved for every device) and highlights, notes and
 * bookmarks on tapped sentences. The position is saved on page turns, after scrolling and on hide,
 * and restored on open from the server, so another device opens where this one left off. The last
 * chapters opened are kept for reading offline.
 */
export default function ReaderPage() {
  const params = useRouter().params
  const bookId = Number(params.bookId)
  const askedChapter = params.chapter !== undefined && params.chapter !== '' ? Number(params.chapter) : null
  const askedOffset = params.offset !== undefined && params.offset !== '' ? Number(params.offset) : null
  const valid = Number.isInteger(bookId) && bookId > 0
  // Read when the book opens (a member who never chose starts at 大 in large-text mode); the
  // member's later choice in the panel wins, so a change of mode does not reopen the book.
  const largeText = useRef(useLargeText())

  const [book, setBook] = useState<OpenedBook | null>(null)
  const [loadError, setLoadError] = useState<LoadError | null>(null)
  const [chapter, setChapter] = useState<OpenedChapter | null>(null)
  const [chapterBusy, setChapterBusy] = useState(false)
  const [offline, setOffline] = useState(false)
  const [look, setLook] = useState<ReaderLook | null>(null)
  const [panel, setPanel] = useState<'settings' | 'contents' | null>(null)
  const [picked, setPicked] = useState<SentencePick | null>(null)
  /** The sentence or highlight the note dialog is for: kept apart from `picked`, which the sheet clears as it closes. */
  const [noteFor, setNoteFor] = useState<SentencePick | null>(null)
  const [offset, setOffset] = useState(0)
  const { idFor, reset } = useRequestId()

  const bookRef = useRef<OpenedBook | null>(null)
  bookRef.current = book
  const chapterRef = useRef<OpenedChapter | null>(null)
  chapterRef.current = chapter
  const position = useRef({ ord: 0, offset: 0 })
  /** The offset to scroll to once the chapter is drawn (a restored position, a note tapped). */
  const pendingScroll = useRef<number | null>(null)
  const blockTops = useRef<number[]>([])
  const saveTimer = useRef<ReturnType<typeof setTimeout> | null>(null)
  const lastSaved = useRef('')
  const finishTried = useRef(false)

  const session = useReadingSession(book && !book.preview ? bookId : 0)

  const save = useCallback(() => {
    if (saveTimer.current) clearTimeout(saveTimer.current)
    saveTimer.current = null
    const current = bookRef.current
    if (!current || current.preview || !chapterRef.current) return
    const { ord, offset: charOffset } = position.current
    const key = `${ord}:${charOffset}`
    if (key === lastSaved.current) return
    lastSaved.current = key
    api.library
      .saveProgress({ bookId, chapterOrd: ord, charOffset })
      .then((progress) => setBook((b) => (b ? { ...b, progress } : b)))
      .catch(() => {
        // Offline: the next save (a scroll, a page turn, leaving) tries again.
        lastSaved.current = ''
      })
  }, [bookId])

  const scheduleSave = useCallback(() => {
    if (saveTimer.current) clearTimeout(saveTimer.current)
    saveTimer.current = setTimeout(save, saveDelayMs)
  }, [save])

  const loadChapter = useCallback(
    async (ord: number, at: number) => {
      const current = bookRef.current
      if (!current) return
      setChapterBusy(true)
      setPicked(null)
      try {
        let next: OpenedChapter
        try {
          next = await api.library.openChapter({ bookId, chapterOrd: ord })
          rememberChapter(current, next)
          setOffline(false)
        } catch (error) {
          const cached = isOffline(error) ? cachedChapter(bookId, ord) : null
          if (!cached) throw error
          next = cached
          setOffline(true)
        }
        position.current = { ord, offset: at }
        pendingScroll.current = at
        finishTried.current = false
        setOffset(at)
        setChapter(next)
        save()
      } catch (error) {
        void Taro.showToast({ title: isOffline(error) ? '网络不可用，这一章还没有缓存' : errorText(error), icon: 'none', duration: 2500 })
      } finally {
        setChapterBusy(false)
      }
    },
    [bookId, save],
  )

  const openTheBook = useCallback(async () => {
    setLoadError(null)
    let opened: OpenedBook
    try {
      opened = await api.library.openBook({ bookId })
    } catch (error) {
      const cached = isOffline(error) ? cachedBook(bookId) : null
      if (!cached) {
        setLoadError(loadErrorOf(error))
        return
      }
      opened = cached
      setOffline(true)
    }
    setBook(opened)
    bookRef.current = opened
    const s = opened.settings
    setLook({ fontSize: !s.chosen && largeText.current ? 3 : s.fontSize, lineSpacing: s.lineSpacing, theme: s.theme })
    void Taro.setNavigationBarTitle({ title: opened.book.title })
    const progress = opened.progress
    const last = opened.chapters.length - 1
    const ord = askedChapter !== null && Number.isInteger(askedChapter) ? Math.min(Math.max(askedChapter, 0), last) : (progress?.chapterOrd ?? 0)
    const at =
      askedChapter !== null && askedOffset !== null && Number.isInteger(askedOffset) && askedOffset >= 0
        ? askedOffset
        : progress && progress.chapterOrd === ord
          ? progress.charOffset
          : 0
    await loadChapter(ord, at)
  }, [bookId, askedChapter, askedOffset, loadChapter])

  useEffect(() => {
    if (valid) void openTheBook()
  }, [valid, openTheBook])

  // Back from the notes page: a note tapped there opens here; edits made there are redrawn.
  const shownOnce = useRef(false)
  useDidShow(() => {
    if (!shownOnce.current) {
      shownOnce.current = true
      return
    }
    const jump = takeJump(bookId)
    if (jump) void loadChapter(jump.chapterOrd, jump.offset)
    else if (chapterRef.current) void loadChapter(position.current.ord, position.current.offset)
  })
  useDidHide(save)
  useUnload(save)
  useEffect(() => () => {
    if (saveTimer.current) clearTimeout(saveTimer.current)
  }, [])

  // The theme reaches the navigation bar too, so night mode is dark from edge to edge.
  useEffect(() => {
    if (!look) return
    void Taro.setNavigationBarColor({ frontColor: '#ffffff', backgroundColor: navColors[look.theme] }).catch(() => undefined)
  }, [look])

  /**
   * The last block of the last chapter is on screen: the book is read to its end. Checked on
   * scroll and once the chapter is drawn (a short last chapter needs no scroll).
   */
  const reachEnd = useCallback(
    (scrollTop: number) => {
      const current = chapterRef.current
      const b = bookRef.current
      const bottom = blockTops.current[blockTops.current.length - 1] ?? 0
      if (!current || !b || b.preview || current.nextOrd !== null || finishTried.current) return
      if (scrollTop + Taro.getSystemInfoSync().windowHeight < bottom) return
      finishTried.current = true
      position.current = { ord: current.ord, offset: current.charCount }
      save()
      // The reading part credits the last stretch, marks the book read once and says the points.
      void session.finish()
    },
    [save, session],
  )

  // Measure where the blocks sit once the chapter is drawn (and again when the type changes),
  // then scroll to the position asked for, or keep the one being read.
  useEffect(() => {
    if (!chapter || !look) return
    const starts = blockStarts(chapter)
    let cancelled = false
    Taro.nextTick(() => {
      Taro.createSelectorQuery()
        .selectAll('.reader-block')
        .boundingClientRect()
        .selectViewport()
        .scrollOffset()
        .exec((result: [{ top: number }[] | null, { scrollTop: number } | null]) => {
          if (cancelled) return
          const [rects, viewport] = result
          const scrollTop = viewport?.scrollTop ?? 0
          blockTops.current = (rects ?? []).map((r) => r.top + scrollTop)
          const target = pendingScroll.current ?? position.current.offset
          pendingScroll.current = null
          const index = blockIndexAt(starts, target)
          const top = target === 0 ? 0 : Math.max(0, (blockTops.current[index] ?? 0) - topInset)
          void Taro.pageScrollTo({ scrollTop: top, duration: 0 })
          reachEnd(top)
        })
    })
    return () => {
      cancelled = true
    }
  }, [chapter, look, reachEnd])

  usePageScroll(({ scrollTop }) => {
    const current = chapterRef.current
    if (!current || pendingScroll.current !== null) return
    const starts = blockStarts(current)
    let index = 0
    blockTops.current.forEach((top, i) => {
      if (top <= scrollTop + topInset * 2) index = i
    })
    const at = scrollTop < topInset ? 0 : (starts[index] ?? 0)
    session.touch()
    if (at !== position.current.offset) {
      position.current = { ord: current.ord, offset: at }
      setOffset(at)
      scheduleSave()
    }
    reachEnd(scrollTop)
  })

  const turnTo = (ord: number | null) => {
    if (ord === null || chapterBusy) return
    session.touch()
    setPanel(null)
    void loadChapter(ord, 0)
  }

  const changeLook = (next: ReaderLook) => {
    setLook(next)
    session.touch()
    if (book?.preview) return
    api.library
      .saveReaderSettings(next)
      .then((settings) => setBook((b) => (b ? { ...b, settings } : b)))
      .catch((error) => void Taro.showToast({ title: errorText(error), icon: 'none' }))
  }

  const annotationOf = (pick: SentencePick | null) =>
    pick?.highlight ? (chapter?.annotations.find((a) => a.id === pick.highlight?.id) ?? null) : null
  const pickedAnnotation = annotationOf(picked)
  const noteAnnotation = annotationOf(noteFor)

  const annotate = async (target: SentencePick, kind: 'highlight' | 'bookmark', note: string) => {
    const current = chapterRef.current
    if (!current) return
    const input = { bookId, chapterOrd: current.ord, kind, startOffset: target.start, endOffset: target.end, note }
    const added = await api.library.addAnnotation({ ...input, requestId: idFor(input) })
    reset()
    const next = withAnnotation(current, added)
    setChapter(next)
    if (book) rememberChapter(book, next)
    setPicked(null)
    void Taro.showToast({ title: kind === 'bookmark' ? '已加书签' : note ? '已保存笔记' : '已划线', icon: 'none' })
  }

  const saveNote = async (note: string) => {
    const current = chapterRef.current
    if (!current || !noteFor) return
    if (noteAnnotation) {
      const updated = await api.library.updateAnnotation({ id: noteAnnotation.id, note })
      setChapter(withAnnotation(current, updated))
      void Taro.showToast({ title: '已保存笔记', icon: 'none' })
    } else {
      await annotate(noteFor, 'highlight', note)
    }
    setNoteFor(null)
  }

  const openNote = () => {
    setNoteFor(picked)
    setPicked(null)
  }

  const removeHighlight = async () => {
    const current = chapterRef.current
    if (!pickedAnnotation || !current) return
    try {
      await api.library.deleteAnnotation({ id: pickedAnnotation.id })
      setChapter({ ...current, annotations: current.annotations.filter((a) => a.id !== pickedAnnotation.id) })
      setPicked(null)
    } catch (error) {
      void Taro.showToast({ title: errorText(error), icon: 'none' })
    }
  }

  const run = (work: () => Promise<void>) => () => {
    work().catch((error) => void Taro.showToast({ title: errorText(error), icon: 'none', duration: 2500 }))
  }

  if (!valid) return <PageShell><PageState kind='error' message='图书编号无效' /></PageShell>
  if (loadError) return <PageShell><LoadFailure error={loadError} onRetry={() => void openTheBook()} /></PageShell>
  if (!book || !look || !chapter) return <PageShell><PageState kind='loading' text='正在打开…' /></PageShell>

  const total = Math.max(1, book.book.charCount)
  const before = book.chapters.filter((c) => c.ord < chapter.ord).reduce((sum, c) => sum + c.charCount, 0)
  const permille = Math.min(1000, Math.floor(((before + Math.min(offset, chapter.charCount)) * 1000) / total))
  const contents = book.toc.length ? book.toc : book.chapters.map((c) => ({ title: c.title, depth: 0, chapterOrd: c.ord }))

  return (
    <PageShell className={cx('reader', `reader--${look.theme}`, `reader--size-${look.fontSize}`, `reader--spacing-${look.lineSpacing}`)}>
      <View className='reader__progress' aria-label={`已读 ${(permille / 10).toFixed(1)}%`}>
        <View className='reader__progress-bar' style={{ width: `${permille / 10}%` }} />
      </View>
      {offline && <Text className='reader__offline'>网络不可用，正在阅读已缓存的章节</Text>}
      {book.preview && <Text className='reader__offline'>预览模式：不记录阅读进度</Text>}

      <View className='reader__chapter'>
        <Text className='reader__chapter-title'>{chapter.title}</Text>
        <ChapterText blocks={chapter.blocks} annotations={chapter.annotations} picked={picked} onPick={book.preview ? () => undefined : setPicked} />
        <View className='reader__turns'>
          <Button className='reader__turn' disabled={chapter.prevOrd === null || chapterBusy} onClick={() => turnTo(chapter.prevOrd)}>
            上一章
          </Button>
          <Button className='reader__turn' type='primary' disabled={chapter.nextOrd === null || chapterBusy} onClick={() => turnTo(chapter.nextOrd)}>
            {chapter.nextOrd === null ? '全书完' : '下一章'}
          </Button>
        </View>
      </View>

      <View className='reader__toolbar'>
        <View className='reader__tool' onClick={() => setPanel('contents')}>目录</View>
        <View className={cx('reader__tool', chapter.prevOrd === null && 'reader__tool--off')} onClick={() => turnTo(chapter.prevOrd)}>
          上一章
        </View>
        <Text className='reader__percent'>{(permille / 10).toFixed(1)}%</Text>
        <View className={cx('reader__tool', chapter.nextOrd === null && 'reader__tool--off')} onClick={() => turnTo(chapter.nextOrd)}>
          下一章
        </View>
        {!book.preview && (
          <View className='reader__tool' onClick={() => void openPage(withQuery(routes.readerNotes, { bookId, from: 'reader' }))}>
            笔记
          </View>
        )}
        <View className='reader__tool' onClick={() => setPanel('settings')}>设置</View>
      </View>

      <SettingsPanel visible={panel === 'settings'} look={look} onChange={changeLook} onClose={() => setPanel(null)} />

      <Popup visible={panel === 'contents'} position='left' onClose={() => setPanel(null)} className='reader-contents-popup'>
        <View className={cx('reader-contents', `reader-contents--${look.theme}`)}>
          <Text className='reader-contents__title'>{book.book.title}</Text>
          <ScrollView scrollY className='reader-contents__list'>
            {contents.map((entry, i) => (
              <View
                key={i}
                className={cx('reader-contents__item', entry.chapterOrd === chapter.ord && 'reader-contents__item--current')}
                style={{ paddingLeft: `${32 + entry.depth * 28}px` }}
                onClick={() => turnTo(entry.chapterOrd)}
              >
                {entry.title}
              </View>
            ))}
          </ScrollView>
        </View>
      </Popup>

      <Popup visible={picked !== null} position='bottom' round closeable title={pickedAnnotation ? '划线' : '选中的句子'} onClose={() => setPicked(null)}>
        {picked && (
          <View className='reader-pick'>
            <Text className='reader-pick__quote'>{pickedAnnotation?.quote ?? picked.text}</Text>
            {pickedAnnotation?.note && <Text className='reader-pick__note'>笔记：{pickedAnnotation.note}</Text>}
            <View className='reader-pick__actions'>
              {pickedAnnotation ? (
                <>
                  <Button className='reader-pick__action' onClick={openNote}>
                    {pickedAnnotation.note ? '修改笔记' : '写笔记'}
                  </Button>
                  <Button className='reader-pick__action' onClick={() => void removeHighlight()}>
                    删除划线
                  </Button>
                </>
              ) : (
                <>
                  <Button className='reader-pick__action' type='primary' onClick={run(() => (picked ? annotate(picked, 'highlight', '') : Promise.resolve()))}>
                    划线
                  </Button>
                  <Button className='reader-pick__action' onClick={openNote}>
                    写笔记
                  </Button>
                  <Button className='reader-pick__action' onClick={run(() => (picked ? annotate(picked, 'bookmark', '') : Promise.resolve()))}>
                    加书签
                  </Button>
                </>
              )}
            </View>
          </View>
        )}
      </Popup>

      <PromptDialog
        visible={noteFor !== null}
        title={noteAnnotation?.note ? '修改笔记' : '写笔记'}
        subject={noteAnnotation?.quote ?? noteFor?.text}
        label='笔记'
        placeholder='写下你的想法'
        multiline
        maxLength={libraryLimits.noteMaxLength}
        confirmText='保存'
        initialValue={noteAnnotation?.note ?? ''}
        validate={(value) => (Array.from(value).length > libraryLimits.noteMaxLength ? `笔记不能超过 ${libraryLimits.noteMaxLength} 字` : null)}
        onSubmit={saveNote}
        onClose={() => setNoteFor(null)}
      />
    </PageShell>
  )
}

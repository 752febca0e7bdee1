import { Button } from '@nutui/nutui-react-taro'
import { Text, Video, View } from '@tarojs/components'
import Taro, { useReachBottom, useRouter } from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { api } from '../../../api'
import { LoadFailure } from '../../../components/load-failure'
import { PageShell } from '../../../components/page-shell'
import { PageState } from '../../../components/page-state'
import { RichBody } from '../../../components/rich-body'
import { useAction } from '../../../hooks/use-action'
import { useResource } from '../../../hooks/use-resource'
import { routes, withQuery } from '../../../routes'
import type { LessonContent, LessonItem, ProgressResult } from '../../../shared/api'
import { lessonKindNames } from '../../../shared/course/names'
import { cx } from '../../../utils/cx'
import { openPage, redirectPage } from '../../../utils/navigate'
import { ProgressBar } from '../course-row'
import { clockText, lessonStateText } from '../progress-text'
import { announce, useLessonProgress } from './use-lesson-progress'
import './index.scss'

/** One lesson: the video on top (resuming where it stopped) or the article, my progress, 上一课时 / 下一课时, and the course's lessons below. */
export default function CourseLessonPage() {
  const params = useRouter().params
  const courseId = Number(params.courseId)
  const lessonId = Number(params.lessonId)
  const valid = [courseId, lessonId].every((n) => Number.isInteger(n) && n > 0)
  const content = useResource(`course-lesson:${lessonId}`, () => api.course.openLesson({ courseId, lessonId }), { enabled: valid })

  if (!valid) {
    return (
      <PageShell className='course-lesson'>
        <PageState kind='empty' message='没有找到这个课时' action={{ text: '去职工课堂', onClick: () => void openPage(routes.courseHome) }} />
      </PageShell>
    )
  }
  return (
    <PageShell className='course-lesson'>
      {content.status === 'loading' && <PageState kind='loading' />}
      {content.error && <LoadFailure error={content.error} onRetry={() => void content.reload()} />}
      {content.data && <LessonView key={content.data.lesson.id} content={content.data} />}
    </PageShell>
  )
}

function lessonUrl(courseId: number, lessonId: number): string {
  return withQuery(routes.courseLesson, { courseId, lessonId })
}

function LessonView({ content }: { content: LessonContent }) {
  const { lesson, video, article } = content
  const [progress, setProgress] = useState(content.progress)
  const [lessons, setLessons] = useState(content.lessons)
  const index = lessons.findIndex((l) => l.id === lesson.id)

  const onProgress = (result: ProgressResult) => {
    setProgress({ watchedSeconds: result.watchedSeconds, permille: result.permille, completed: result.completed })
    setLessons((all) => all.map((l) => (l.id === lesson.id ? { ...l, permille: result.permille, completed: result.completed } : l)))
  }

  return (
    <>
      {video && <LessonVideo lessonId={lesson.id} video={video} heartbeatSeconds={content.heartbeatSeconds} onProgress={onProgress} />}
      <View className='course-lesson__head'>
        <Text className='course-lesson__course' onClick={() => void redirectPage(withQuery(routes.courseDetail, { id: content.courseId }))}>
          {content.courseTitle}
        </Text>
        <Text className='course-lesson__title'>{lesson.title}</Text>
        <Text className='course-lesson__meta'>
          第 {index + 1}/{lessons.length} 课时 · {lessonKindNames[lesson.kind]}
          {video ? ` · ${clockText(video.durationSeconds)}` : ''}
        </Text>
        <ProgressBar permille={progress.permille} text={lessonStateText(progress)} />
        {video && video.positionSeconds > 0 && <Text className='course-lesson__resume'>从上次看到的 {clockText(video.positionSeconds)} 继续播放</Text>}
        {video && !progress.completed && <Text className='course-lesson__hint'>看满 90% 即完成本课时；拖动跳过的部分不计入</Text>}
      </View>

      {article && <LessonArticle lessonId={lesson.id} article={article} completed={progress.completed} onProgress={onProgress} />}

      <View className='course-lesson__nav'>
        <Button className='course-lesson__nav-button' disabled={!content.prevLessonId} onClick={() => content.prevLessonId && void redirectPage(lessonUrl(content.courseId, content.prevLessonId))}>
          上一课时
        </Button>
        <Button
          className='course-lesson__nav-button'
          type='primary'
          disabled={!content.nextLessonId}
          onClick={() => content.nextLessonId && void redirectPage(lessonUrl(content.courseId, content.nextLessonId))}
        >
          下一课时
        </Button>
      </View>

      <View className='course-lesson__card'>
        <Text className='course-lesson__card-title'>课程目录</Text>
        {lessons.map((item, i) => (
          <LessonRow key={item.id} item={item} no={i + 1} current={item.id === lesson.id} onOpen={() => void redirectPage(lessonUrl(content.courseId, item.id))} />
        ))}
      </View>
    </>
  )
}

function LessonRow({ item, no, current, onOpen }: { item: LessonItem; no: number; current: boolean; onOpen: () => void }) {
  return (
    <View className={cx('course-lesson__row', current && 'course-lesson__row--current')} onClick={current ? undefined : onOpen}>
      <Text className='course-lesson__row-no'>{no}</Text>
      <View className='course-lesson__row-body'>
        <Text className='course-lesson__row-title'>{item.title}</Text>
        <Text className='course-lesson__row-meta'>
          {lessonKindNames[item.kind]}
          {item.durationSeconds ? ` · ${clockText(item.durationSeconds)}` : ''}
          {current ? ' · 正在学习' : ''}
        </Text>
      </View>
      <Text className={cx('course-lesson__row-state', item.completed && 'course-lesson__row-state--done')}>{lessonStateText(item)}</Text>
    </View>
  )
}

function LessonVideo({
  lessonId,
  video,
  heartbeatSeconds,
  onProgress,
}: {
  lessonId: number
  video: NonNullable<LessonContent['video']>
  heartbeatSeconds: number
  onProgress: (result: ProgressResult) => void
}) {
  const tracker = useLessonProgress(lessonId, heartbeatSeconds, onProgress)
  return (
    <View className='course-lesson__player'>
      <Video
        id={`lesson-video-${lessonId}`}
        className='course-lesson__video'
        src={video.url}
        initialTime={video.positionSeconds}
        controls
        showFullscreenBtn
        enablePlayGesture
        objectFit='contain'
        onTimeUpdate={(e) => tracker.onTimeUpdate(e.detail.currentTime)}
        onPause={tracker.onStop}
        onEnded={tracker.onStop}
      />
    </View>
  )
}

/**
 * An article: reaching its end (scrolling to the bottom, or 读完了 at its foot) completes it once
 * the server agrees enough time has passed since it was opened; until then the foot counts down.
 */
function LessonArticle({
  lessonId,
  article,
  completed,
  onProgress,
}: {
  lessonId: number
  article: NonNullable<LessonContent['article']>
  completed: boolean
  onProgress: (result: ProgressResult) => void
}) {
  const [openedAt] = useState(() => Date.now())
  const [now, setNow] = useState(() => Date.now())
  const [reachedEnd, setReachedEnd] = useState(false)
  const remaining = Math.max(0, Math.ceil(article.minReadSeconds - (now - openedAt) / 1000))
  const finish = useAction(async () => {
    const result = await api.course.completeArticle({ lessonId })
    onProgress(result)
    await announce(result)
  })

  useEffect(() => {
    if (completed || remaining === 0) return
    const timer = setTimeout(() => setNow(Date.now()), 1000)
    return () => clearTimeout(timer)
  }, [completed, remaining, now])
  useReachBottom(() => setReachedEnd(true))
  const run = finish.run
  useEffect(() => {
    if (reachedEnd && remaining === 0 && !completed) void run()
  }, [reachedEnd, remaining, completed, run])

  return (
    <View className='course-lesson__article'>
      <RichBody html={article.html} />
      <View className='course-lesson__end'>
        {completed ? (
          <Text className='course-lesson__end-done'>已读完本课时</Text>
        ) : (
          <>
            <Text className='course-lesson__end-text'>{remaining > 0 ? `请认真阅读，${remaining} 秒后可完成本课时` : '已读到末尾'}</Text>
            <Button
              className='course-lesson__end-button'
              type='primary'
              loading={finish.busy}
              disabled={remaining > 0}
              onClick={() => {
                setReachedEnd(true)
                if (remaining === 0) void finish.run()
                else void Taro.showToast({ title: `再读 ${remaining} 秒`, icon: 'none' })
              }}
            >
              读完了，完成本课时
            </Button>
          </>
        )}
      </View>
    </View>
  )
}

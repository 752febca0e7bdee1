import Taro, { useDidHide, useUnload } from '@tarojs/taro'
import { useCallback, useEffect, useRef } from 'react'
import { ApiCallError, api, errorText } from '../../../api'
import type { ProgressResult } from '../../../shared/api'
import { routes, withQuery } from '../../../routes'
import { openPage } from '../../../utils/navigate'
import { WatchedSegments } from './watch-segments'
import type { Segment } from './watch-segments'

/** What one beat may carry (the contract's segmentsPerBeat). */
const segmentsPerBeat = 20

/** Tells the member what a beat or a finished article earned: the lesson done, points, the course complete. */
export async function announce(result: ProgressResult): Promise<void> {
  if (result.courseCompleted) {
    const code = result.courseCompleted.certificateCode
    const { confirm } = await Taro.showModal({ title: '恭喜完成课程', content: '结业证书已发放，可随时在“我的证书”中查看和下载。', confirmText: '查看证书', cancelText: '稍后' })
    if (confirm) void openPage(withQuery(routes.courseCertificate, { code }))
  } else if (result.lessonCompleted) {
    void Taro.showToast({ title: result.points > 0 ? `本课时已完成，+${result.points} 积分` : '本课时已完成', icon: 'none' })
  }
}

/**
 * A video lesson's heartbeats (issue 12 §1): the player's time updates collect the segments
 * really played; every `heartbeatSeconds` while playing, and on pause, end, hide and unload, they
 * go to the server, which merges them and decides what counts. A beat that failed on the network
 * is sent again with the next one; one the server refused is dropped (sending it again cannot help).
 */
export function useLessonProgress(lessonId: number, heartbeatSeconds: number, onProgress: (result: ProgressResult) => void) {
  const watched = useRef(new WatchedSegments())
  const pending = useRef<Segment[]>([])
  const sending = useRef(false)
  const playing = useRef(false)
  const latest = useRef(onProgress)
  latest.current = onProgress

  const flush = useCallback(async (): Promise<void> => {
    const taken = watched.current.take()
    pending.current = [...pending.current, ...taken].slice(-segmentsPerBeat)
    if (sending.current || pending.current.length === 0) return
    sending.current = true
    const segments = pending.current
    pending.current = []
    let sent = false
    try {
      const result = await api.course.lessonHeartbeat({ lessonId, segments, positionSeconds: Math.floor(watched.current.position) })
      sent = true
      latest.current(result)
      await announce(result)
    } catch (error) {
      if (error instanceof ApiCallError && error.code === 'NETWORK') pending.current = [...segments, ...pending.current].slice(-segmentsPerBeat)
      else if (error instanceof ApiCallError && error.code === 'COURSE_PROGRESS_TOO_FAST') void Taro.showToast({ title: errorText(error), icon: 'none' })
    } finally {
      sending.current = false
    }
    // What arrived while this beat was on its way (a pause, the end) goes now, not at the next play.
    if (sent && pending.current.length > 0) await flush()
  }, [lessonId])

  useEffect(() => {
    const timer = setInterval(() => {
      if (playing.current) void flush()
    }, heartbeatSeconds * 1000)
    return () => clearInterval(timer)
  }, [flush, heartbeatSeconds])

  const stop = useCallback(() => {
    playing.current = false
    watched.current.stop()
    void flush()
  }, [flush])
  useDidHide(stop)
  useUnload(stop)

  return {
    onTimeUpdate: useCallback((time: number) => {
      playing.current = true
      watched.current.update(time)
    }, []),
    onStop: stop,
  }
}

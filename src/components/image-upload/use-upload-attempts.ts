import Taro from '@tarojs/taro'
import { useEffect, useRef, useState } from 'react'
import { errorText } from '../../api'
import { forgetFile } from '../../platform/choose-file'
import type { FilePurpose, StoredFile } from '../../shared/api'
import { chooseForUpload, startUpload } from '../../utils/upload-file'
import type { LocalFile, Upload } from '../../utils/upload-file'

/** A file on its way, or one that failed and waits for 重试. */
export interface Attempt {
  key: number
  file: LocalFile
  /** Share of bytes sent, 0–1; at 1 the server is still checking and re-encoding. */
  sent: number
  error: string | null
  upload: Upload | null
}

let nextKey = 1

/**
 * The uploads of one set of upload tiles: choosing, sending with progress, 重试 with a new ticket,
 * stopping one, and stopping all when the page goes. `onStored` gets each file once the server
 * has it; it is read when the upload finishes, so it always sees the latest render's value.
 */
export function useUploadAttempts(purpose: FilePurpose, onStored: (stored: StoredFile, file: LocalFile) => void, onBusyChange?: (busy: boolean) => void) {
  const [attempts, setAttempts] = useState<Attempt[]>([])
  const latestOnStored = useRef(onStored)
  latestOnStored.current = onStored
  const mounted = useRef(true)

  const busy = attempts.some((a) => a.error === null)
  useEffect(() => {
    onBusyChange?.(busy)
  }, [busy])

  // What is on its way when the page goes away is stopped; the cleanup sees the last render's attempts.
  const current = useRef(attempts)
  current.current = attempts
  useEffect(() => {
    mounted.current = true
    return () => {
      mounted.current = false
      current.current.forEach((a) => {
        a.upload?.cancel()
        forgetFile(a.file)
      })
    }
  }, [])

  const patch = (key: number, change: Partial<Attempt>) => {
    if (mounted.current) setAttempts((all) => all.map((a) => (a.key === key ? { ...a, ...change } : a)))
  }

  const send = (key: number, file: LocalFile) => {
    const upload = startUpload(purpose, file, (sent) => patch(key, { sent }))
    patch(key, { upload, sent: 0, error: null })
    upload.done.then(
      (storedFile) => {
        if (!mounted.current) return
        setAttempts((all) => all.filter((a) => a.key !== key))
        latestOnStored.current(storedFile, file)
      },
      (error: unknown) => patch(key, { error: errorText(error), upload: null }),
    )
  }

  const drop = (attempt: Attempt) => {
    attempt.upload?.cancel()
    forgetFile(attempt.file)
    setAttempts((all) => all.filter((a) => a.key !== attempt.key))
  }

  /** Lets the user choose up to `room` files and sends each; `replace` first stops what is on its way (a single picture). */
  const choose = async (room: number, replace = false) => {
    if (room <= 0) return
    let files: LocalFile[]
    try {
      files = await chooseForUpload(purpose, room)
    } catch (error) {
      void Taro.showToast({ title: errorText(error), icon: 'none' })
      return
    }
    if (files.length === 0) return
    const started = files.map((file) => ({ key: nextKey++, file, sent: 0, error: null, upload: null }))
    if (replace) current.current.forEach((a) => drop(a))
    setAttempts((all) => (replace ? started : [...all, ...started]))
    started.forEach((a) => send(a.key, a.file))
  }

  return { attempts, choose, retry: (a: Attempt) => send(a.key, a.file), drop }
}

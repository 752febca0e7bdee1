import type { ContentCheck } from '../../src/shared/dating/names'
import type { Queryable } from '../db'
import type { Env } from '../env'
import { AppError } from '../errors'
import { wxCloudSdk } from '../wechat/cloud-sdk'

/**
 * The two checks a profile's text passes before a matchmaker reads it:
 * 1. the word list (dating_word), everywhere: a hit refuses the text, naming the words;
 * 2. WeChat's content check (security.msgSecCheck v2), only in the WeChat cloud, where the SDK and
 *    the caller's openid exist: `risky` refuses, `review` is saved and flagged for the matchmaker.
 *    The self-hosted host has neither, so its revisions say 'not_run'.
 */

/** The listed words found in the text, case-insensitively, in list order. */
export async function wordHits(db: Queryable, texts: readonly string[]): Promise<string[]> {
  const text = texts.join('\n')
  const rows = await db.query<{ word: string }>(
    'SELECT word FROM dating_word WHERE strpos(lower($1), lower(word)) > 0 ORDER BY word',
    [text],
  )
  return rows.map((r) => r.word)
}

/** Refuses text with listed words (DATING_TEXT_BLOCKED, naming them so the member can fix it). */
export async function refuseListedWords(db: Queryable, texts: readonly string[]): Promise<void> {
  const hits = await wordHits(db, texts)
  if (hits.length) {
    throw new AppError('DATING_TEXT_BLOCKED', `资料中含有不允许的词语：${hits.map((w) => `「${w}」`).join('')}，请修改后再提交`)
  }
}

export type WechatSuggest = 'pass' | 'review' | 'risky'

/** WeChat's verdict on a text, or null when the check could not run (an error from WeChat). */
export type TextChecker = (openid: string, content: string, nickname: string) => Promise<WechatSuggest | null>

export const wechatTextChecker: TextChecker = async (openid, content, nickname) => {
  try {
    const answer = await wxCloudSdk().openapi.security.msgSecCheck({ openid, scene: 1, version: 2, content, nickname })
    if (answer.errCode !== 0 || !answer.result) {
      console.error(JSON.stringify({ level: 'error', msg: 'msgSecCheck failed', errCode: answer.errCode, errMsg: answer.errMsg }))
      return null
    }
    return answer.result.suggest
  } catch (error) {
    console.error(JSON.stringify({ level: 'error', msg: 'msgSecCheck failed', error: error instanceof Error ? error.message : String(error) }))
    return null
  }
}

/** The content checker where it exists: the WeChat cloud only (see server/env.ts `fileStore`). */
export function textCheckerFor(env: Env): TextChecker | null {
  return env.fileStore === 'wechat' ? wechatTextChecker : null
}

/**
 * Runs WeChat's check when there is a checker and the caller has an openid. `risky` refuses
 * (DATING_TEXT_RISKY); a check that could not run is recorded as 'not_run', the matchmaker still reads it.
 */
export async function wechatContentCheck(
  db: Queryable,
  checker: TextChecker | null,
  userId: number,
  content: string,
  nickname: string,
): Promise<ContentCheck> {
  if (!checker) return 'not_run'
  const [user] = await db.query<{ openid: string | null }>('SELECT openid FROM app_user WHERE id = $1', [userId])
  if (!user?.openid) return 'not_run'
  const suggest = await checker(user.openid, content, nickname)
  if (suggest === 'risky') throw new AppError('DATING_TEXT_RISKY')
  return suggest ?? 'not_run'
}

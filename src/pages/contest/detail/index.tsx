import { Button } from '@nutui/nutui-react-taro'
import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { api } from '../../../api'
import { LoadFailure } from '../../../components/load-failure'
import { PageShell } from '../../../components/page-shell'
import { PageState } from '../../../components/page-state'
import { useAction } from '../../../hooks/use-action'
import { usePullToRefresh, useRefreshOnReturn } from '../../../hooks/use-page-refresh'
import { useRequestId } from '../../../hooks/use-request-id'
import { useResource } from '../../../hooks/use-resource'
import { routes, withQuery } from '../../../routes'
import type { ContestDetail } from '../../../shared/api'
import { branchLevelNames } from '../../../shared/quiz/names'
import { cx } from '../../../utils/cx'
import { openPage } from '../../../utils/navigate'
import { contestTag, durationText, phaseNames, rankingRule, windowText } from '../contest-facts'
import { MemberLine } from './member-line'
import './index.scss'

function placingText(c: ContestDetail): string | null {
  if (c.placingPoints.length === 0) return null
  let from = 1
  return c.placingPoints
    .map((t) => {
      const text = t.upToRank === from ? `第 ${from} 名 ${t.points} 积分` : `第 ${from}–${t.upToRank} 名 ${t.points} 积分`
      from = t.upToRank + 1
      return text
    })
    .join('，')
}

function MyStanding({ contest }: { contest: ContestDetail }) {
  const mine = contest.mine
  return (
    <View className='contest-page__card contest-mine'>
      <Text className='contest-page__section'>{contest.final ? '我的最终成绩' : '我的成绩'}</Text>
      {mine ? (
        <View className='contest-mine__figures'>
          <View className='contest-mine__figure'>
            <Text className='contest-mine__value contest-mine__rank'>第 {mine.rank} 名</Text>
            <Text className='contest-mine__label'>个人排名</Text>
          </View>
          <View className='contest-mine__figure'>
            <Text className='contest-mine__value'>{mine.correct} 题</Text>
            <Text className='contest-mine__label'>答对</Text>
          </View>
          <View className='contest-mine__figure'>
            <Text className='contest-mine__value'>{durationText(mine.timeMs)}</Text>
            <Text className='contest-mine__label'>用时</Text>
          </View>
        </View>
      ) : (
        <Text className='contest-page__note'>完成一次答题后，这里显示您的名次。</Text>
      )}
      {contest.myBranches.map((b) => (
        <View key={b.level} className='contest-mine__branch'>
          <Text className='contest-mine__branch-name'>
            {branchLevelNames[b.level]}：{b.branch.name}
          </Text>
          <Text className='contest-mine__branch-rank'>
            {b.scoreRank === null ? '排行约每分钟更新一次，稍后可见' : `平均答对第 ${b.scoreRank} 名 · 参与率第 ${b.participationRank} 名（共 ${b.branchCount} 个）`}
          </Text>
        </View>
      ))}
    </View>
  )
}

/** 答题竞赛 page: rounds, 开始答题 with today's attempts left, my rank and my branches' ranks, the top of the board. */
export default function ContestDetailPage() {
  const id = Number(useRouter().params.id)
  const contest = useResource(`contest:${id}`, () => api.quiz.contestDetail({ contestId: id }))
  const requestId = useRequestId()
  usePullToRefresh(() => contest.reload())
  useRefreshOnReturn(() => void contest.reload())

  const take = useAction(async (c: ContestDetail) => {
    const round = c.rounds.find((r) => r.ord === c.currentRound)
    if (!round) return
    const attemptId = c.openAttemptId ?? (await api.quiz.startAttempt({ quizId: round.quizId, requestId: requestId.idFor({ quizId: round.quizId, day: new Date().toDateString() }) })).attemptId
    requestId.reset()
    await openPage(withQuery(routes.quizTake, { attemptId }))
  })
  const change = useAction(async (to: 'publish' | 'cancel') => {
    const { confirm } = await Taro.showModal({
      title: to === 'publish' ? '发布竞赛' : '取消竞赛',
      content: to === 'publish' ? '发布后，本组织及下级组织的会员即可在各轮时间内答题，竞赛内容不能再修改。' : '取消后会员不能再答题，排行不再更新。',
      confirmText: to === 'publish' ? '发布' : '取消竞赛',
      cancelText: '再想想',
    })
    if (!confirm) return
    if (to === 'publish') await api.quiz.publishContest({ contestId: id })
    else await api.quiz.cancelContest({ contestId: id })
    void Taro.showToast({ title: to === 'publish' ? '已发布' : '已取消', icon: 'success' })
    await contest.reload()
  })

  if (contest.error) {
    return (
      <PageShell className='contest-page'>
        <LoadFailure error={contest.error} onRetry={() => void contest.reload()} />
      </PageShell>
    )
  }
  const c = contest.data
  if (!c) {
    return (
      <PageShell className='contest-page'>
        <PageState kind='loading' />
      </PageShell>
    )
  }
  const tag = contestTag(c)
  const placing = placingText(c)
  return (
    <PageShell className='contest-page'>
      <View className={cx('contest-page__card', `contest-page--${tag.tone}`)}>
        <View className='contest-page__head'>
          <Text className='contest-page__title'>{c.title}</Text>
          <Text className='contest-page__tag'>{tag.text}</Text>
        </View>
        <Text className='contest-page__fact'>主办：{c.branch.fullName}</Text>
        <Text className='contest-page__fact'>时间：{windowText(c)}</Text>
        <Text className='contest-page__fact'>
          每天可答 {c.dailyAttempts} 次 · {c.participantCount} 人参赛
        </Text>
        {c.participationPoints > 0 && <Text className='contest-page__fact'>参与奖励：首次交卷得 {c.participationPoints} 积分</Text>}
        {placing && <Text className='contest-page__fact'>名次奖励：{placing}（竞赛结束后发放）</Text>}
        {c.description && <Text className='contest-page__description'>{c.description}</Text>}
        {c.final && <Text className='contest-page__final'>竞赛已结束，以下为最终排名。</Text>}
        {c.currentRound !== null && c.attemptsLeftToday !== null && (
          <View className='contest-page__take'>
            <Button type='primary' block disabled={!c.canStart} loading={take.busy} onClick={() => void take.run(c)}>
              {c.openAttemptId !== null ? '继续答题' : c.canStart ? '开始答题' : '今天的答题次数已用完'}
            </Button>
            <Text className='contest-page__note'>今天还可答 {c.attemptsLeftToday} 次，每轮取最好的一次成绩，各轮成绩相加排名。</Text>
          </View>
        )}
        {c.canManage && (
          <View className='contest-page__manage'>
            {c.status === 'draft' && (
              <>
                <Button size='small' onClick={() => void openPage(withQuery(routes.contestEdit, { id: c.id }))}>
                  编辑
                </Button>
                <Button size='small' type='primary' loading={change.busy} onClick={() => void change.run('publish')}>
                  发布
                </Button>
              </>
            )}
            {(c.status === 'draft' || c.status === 'published') && (
              <Button size='small' type='danger' loading={change.busy} onClick={() => void change.run('cancel')}>
                取消竞赛
              </Button>
            )}
          </View>
        )}
      </View>

      <View className='contest-page__card'>
        <Text className='contest-page__section'>轮次（{c.rounds.length}）</Text>
        {c.rounds.map((r) => (
          <View key={r.ord} className={cx('contest-round', r.ord === c.currentRound && 'contest-round--current')}>
            <View className='contest-round__head'>
              <Text className='contest-round__title'>
                第 {r.ord} 轮 · {r.title}
              </Text>
              <Text className='contest-round__phase'>{r.ord === c.currentRound ? '进行中' : phaseNames[r.phase]}</Text>
            </View>
            <Text className='contest-page__fact'>{windowText(r)}</Text>
            <Text className='contest-page__fact'>
              {r.questionCount} 题 · 限时 {Math.round(r.timeLimitSeconds / 60)} 分钟
            </Text>
          </View>
        ))}
      </View>

      {c.status !== 'draft' && <MyStanding contest={c} />}

      {c.status !== 'draft' && (
        <View className='contest-page__card'>
          <View className='contest-page__head'>
            <Text className='contest-page__section'>{c.final ? '最终排名' : '实时排行'}</Text>
            <Text className='contest-page__link' onClick={() => void openPage(withQuery(routes.contestBoard, { id: c.id, board: 'members' }))}>
              完整排行 ›
            </Text>
          </View>
          {c.boardLevels.length > 0 && (
            <Text className='contest-page__link' onClick={() => void openPage(withQuery(routes.contestBoard, { id: c.id, board: 'branches' }))}>
              组织排行（平均成绩、参与率）›
            </Text>
          )}
          {c.top.length === 0 && <PageState kind='empty' message='还没有人交卷' />}
          {c.top.map((line) => (
            <MemberLine key={line.rank} line={line} />
          ))}
          <Text className='contest-page__note'>{rankingRule}</Text>
        </View>
      )}
    </PageShell>
  )
}

import { Text, View } from '@tarojs/components'
import { useReachBottom, useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { api } from '../../../api'
import { ChoiceChips } from '../../../components/choice-chips'
import { FilterTabs } from '../../../components/filter-tabs'
import { ListFooter } from '../../../components/list-footer'
import { LoadFailure } from '../../../components/load-failure'
import { PageShell } from '../../../components/page-shell'
import { PageState } from '../../../components/page-state'
import { usePullToRefresh } from '../../../hooks/use-page-refresh'
import { usePagedList } from '../../../hooks/use-paged-list'
import { useResource } from '../../../hooks/use-resource'
import type { BranchBoardOrder, ContestBoardKind, ContestBranchLine } from '../../../shared/api'
import { branchLevelNames } from '../../../shared/quiz/names'
import type { BoardLevel } from '../../../shared/quiz/names'
import { monthDayTimeText } from '../../../utils/time'
import { rankingRule } from '../contest-facts'
import { MemberLine } from '../detail/member-line'
import './index.scss'

const boardTabs: readonly { value: ContestBoardKind; title: string }[] = [
  { value: 'members', title: '个人排行' },
  { value: 'branches', title: '组织排行' },
]
const orderOptions: readonly { value: BranchBoardOrder; label: string }[] = [
  { value: 'score', label: '平均答对' },
  { value: 'participation', label: '参与率' },
]

function BranchLine({ line, by }: { line: ContestBranchLine; by: BranchBoardOrder }) {
  return (
    <View className='contest-branch'>
      <Text className='contest-branch__rank'>{line.rank}</Text>
      <View className='contest-branch__who'>
        <Text className='contest-branch__name'>{line.branch.name}</Text>
        <Text className='contest-branch__sub'>
          {line.participants} / {line.members} 人参赛
        </Text>
      </View>
      <Text className='contest-branch__figure'>
        {by === 'score' ? `${(line.avgCorrectX100 / 100).toFixed(2)} 题` : `${(line.participationBp / 100).toFixed(2)}%`}
      </Text>
    </View>
  )
}

/** 竞赛排行: members by standing, or branches at a level by average correct answers or participation; paged. */
export default function ContestBoardPage() {
  const params = useRouter().params
  const id = Number(params.id)
  const contest = useResource(`contest:${id}`, () => api.quiz.contestDetail({ contestId: id }))
  const [board, setBoard] = useState<ContestBoardKind>(params.board === 'branches' ? 'branches' : 'members')
  const [chosenLevel, setLevel] = useState<BoardLevel | null>(null)
  const [by, setBy] = useState<BranchBoardOrder>('score')
  const levels = contest.data?.boardLevels ?? []
  const level = chosenLevel ?? levels[0] ?? null

  const members = usePagedList(
    `contest-members:${id}`,
    (cursor) => api.quiz.contestBoard({ contestId: id, board: 'members', cursor, limit: 20 }).then((r) => ({ items: r.board === 'members' ? r.items : [], nextCursor: r.nextCursor })),
    { enabled: board === 'members' },
  )
  const branches = usePagedList(
    `contest-branches:${id}:${level}:${by}`,
    (cursor) =>
      api.quiz
        .contestBoard({ contestId: id, board: 'branches', level: level ?? undefined, by, cursor, limit: 20 })
        .then((r) => ({ items: r.board === 'branches' ? r.items : [], nextCursor: r.nextCursor })),
    { enabled: board === 'branches' && level !== null },
  )
  const list = board === 'members' ? members : branches
  usePullToRefresh(() => list.reload())
  useReachBottom(() => void list.loadMore())

  const tabs = levels.length > 0 ? boardTabs : boardTabs.slice(0, 1)
  const final = contest.data?.final ?? false
  return (
    <PageShell className='contest-board'>
      {contest.data && <Text className='contest-board__title'>{contest.data.title}</Text>}
      <FilterTabs tabs={tabs} value={board} onChange={setBoard} />
      {board === 'branches' && (
        <View className='contest-board__filters'>
          {levels.length > 1 && <ChoiceChips options={levels.map((l) => ({ value: l, label: branchLevelNames[l] }))} value={level} onChange={setLevel} />}
          <ChoiceChips options={orderOptions} value={by} onChange={setBy} />
        </View>
      )}
      <View className='contest-board__card'>
        {list.status === 'loading' && <PageState kind='loading' />}
        {list.failure && <LoadFailure error={list.failure} onRetry={() => void list.reload()} />}
        {list.status === 'ready' && list.items.length === 0 && <PageState kind='empty' message={board === 'members' ? '还没有人交卷' : '组织排行约每分钟更新一次，请稍后再看'} />}
        {board === 'members' && members.items.map((line) => <MemberLine key={line.rank} line={line} />)}
        {board === 'branches' && branches.items.map((line) => <BranchLine key={line.branch.id} line={line} by={by} />)}
        {list.status === 'ready' && list.items.length > 0 && (
          <ListFooter loadingMore={list.loadingMore} hasMore={list.hasMore} moreError={list.moreError} onLoadMore={() => void list.loadMore()} />
        )}
      </View>
      <Text className='contest-board__note'>
        {board === 'members'
          ? rankingRule
          : `平均答对：参赛者答对题数的平均值；参与率：参赛人数占该组织（含下级）会员人数的比例。${final ? '' : '约每分钟更新一次。'}`}
      </Text>
      {final && contest.data && <Text className='contest-board__note'>竞赛已结束，排名为最终结果（{monthDayTimeText(contest.data.endsAt)} 截止）。</Text>}
    </PageShell>
  )
}

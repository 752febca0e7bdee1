import { Button } from '@nutui/nutui-react-taro'
import { Text, View } from '@tarojs/components'
import Taro, { useReachBottom, useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { api } from '../../../api'
import { ChoiceChips } from '../../../components/choice-chips'
import { FilterTabs } from '../../../components/filter-tabs'
import { ListFooter } from '../../../components/list-footer'
import { LoadFailure } from '../../../components/load-failure'
import { PageShell } from '../../../components/page-shell'
import { PageState } from '../../../components/page-state'
import { useAction } from '../../../hooks/use-action'
import { usePullToRefresh, useRefreshOnReturn } from '../../../hooks/use-page-refresh'
import { usePagedList } from '../../../hooks/use-paged-list'
import { useResource } from '../../../hooks/use-resource'
import { routes, withQuery } from '../../../routes'
import type { BranchBoardLine, CampaignDetail, MemberBoardLine } from '../../../shared/api'
import { campaignStatusNames } from '../../../shared/library/names'
import { cx } from '../../../utils/cx'
import { openPage } from '../../../utils/navigate'
import { dateText } from '../../../utils/time'
import { goalText, phaseNames, windowText } from '../campaigns/campaign-facts'
import './index.scss'

type Board = 'members' | 'branches'
const boardTabs: readonly { value: Board; title: string }[] = [
  { value: 'members', title: '个人排行' },
  { value: 'branches', title: '组织参与率' },
]
const levelNames = { 2: '区县', 3: '乡镇街道', 4: '基层工会' } as const

function MyProgress({ campaign }: { campaign: CampaignDetail }) {
  const progress = campaign.progress
  if (!progress) return null
  const done = campaign.goalKind === 'minutes' ? `${progress.minutes} / ${campaign.goalValue} 分钟` : `${progress.books} / ${campaign.goalValue} 本`
  return (
    <View className='campaign-page__card campaign-progress'>
      <View className='campaign-progress__head'>
        <Text className='campaign-page__section'>我的进度</Text>
        {progress.rank !== null && <Text className='campaign-progress__rank'>第 {progress.rank} 名</Text>}
      </View>
      <View className='campaign-progress__bar'>
        <View className='campaign-progress__fill' style={{ width: `${progress.permille / 10}%` }} />
      </View>
      <Text className='campaign-progress__figure'>{done}</Text>
      <Text className='campaign-progress__note'>
        {progress.reachedAt
          ? `${dateText(progress.reachedAt)} 已达标${campaign.rewardPoints > 0 ? `，奖励 ${campaign.rewardPoints} 积分已发放` : ''}`
          : `活动期间阅读活动书目计入进度，约每分钟更新一次排行。`}
      </Text>
    </View>
  )
}

function MemberLine({ line }: { line: MemberBoardLine }) {
  return (
    <View className={cx('board-line', line.me && 'board-line--me')}>
      <Text className='board-line__rank'>{line.rank}</Text>
      <View className='board-line__who'>
        <Text className='board-line__name'>
          {line.maskedName}
          {line.me ? '（我）' : ''}
        </Text>
        <Text className='board-line__sub'>{line.branchName}</Text>
      </View>
      <View className='board-line__figure'>
        <Text>{line.minutes} 分钟</Text>
        {line.reached && <Text className='board-line__reached'>已达标</Text>}
      </View>
    </View>
  )
}

function BranchLine({ line }: { line: BranchBoardLine }) {
  return (
    <View className='board-line'>
      <Text className='board-line__rank'>{line.rank}</Text>
      <View className='board-line__who'>
        <Text className='board-line__name'>{line.branch.name}</Text>
        <Text className='board-line__sub'>
          {line.joined} / {line.members} 人参加
        </Text>
      </View>
      <Text className='board-line__figure'>{(line.ratePermille / 10).toFixed(1)}%</Text>
    </View>
  )
}

function Leaderboards({ campaign }: { campaign: CampaignDetail }) {
  const [board, setBoard] = useState<Board>('members')
  const [level, setLevel] = useState<2 | 3 | 4 | null>(campaign.boardLevels[0] ?? null)
  const members = usePagedList(
    `campaign-members:${campaign.id}`,
    (cursor) => api.library.campaignLeaderboard({ campaignId: campaign.id, board: 'members', cursor, limit: 20 }).then((r) => ({ items: r.board === 'members' ? r.items : [], nextCursor: r.nextCursor })),
    { enabled: board === 'members' },
  )
  const branches = usePagedList(
    `campaign-branches:${campaign.id}:${level}`,
    (cursor) =>
      api.library.campaignLeaderboard({ campaignId: campaign.id, board: 'branches', level: level ?? undefined, cursor, limit: 20 }).then((r) => ({ items: r.board === 'branches' ? r.items : [], nextCursor: r.nextCursor })),
    { enabled: board === 'branches' && level !== null },
  )
  useReachBottom(() => void (board === 'members' ? members.loadMore() : branches.loadMore()))
  const tabs = campaign.boardLevels.length > 0 ? boardTabs : boardTabs.slice(0, 1)
  const list = board === 'members' ? members : branches
  return (
    <View className='campaign-page__card campaign-boards'>
      <FilterTabs tabs={tabs} value={board} onChange={setBoard} />
      {board === 'branches' && campaign.boardLevels.length > 1 && (
        <ChoiceChips options={campaign.boardLevels.map((l) => ({ value: l, label: levelNames[l] }))} value={level} onChange={setLevel} />
      )}
      {list.status === 'loading' && <PageState kind='loading' />}
      {list.failure && <LoadFailure error={list.failure} onRetry={() => void list.reload()} />}
      {list.status === 'ready' && list.items.length === 0 && <PageState kind='empty' message={board === 'members' ? '还没有人参加' : '暂无组织'} />}
      {board === 'members' && members.items.map((line) => <MemberLine key={line.rank} line={line} />)}
      {board === 'branches' && branches.items.map((line) => <BranchLine key={line.branch.id} line={line} />)}
      {list.status === 'ready' && list.items.length > 0 && (
        <ListFooter loadingMore={list.loadingMore} hasMore={list.hasMore} moreError={list.moreError} onLoadMore={() => void list.loadMore()} />
      )}
    </View>
  )
}

/** 读书活动 detail: the campaign, 参加, my minutes or books against the goal, its books and both leaderboards. */
export default function LibraryCampaignPage() {
  const id = Number(useRouter().params.id)
  const campaign = useResource(`library-campaign:${id}`, () => api.library.campaignDetail({ campaignId: id }))
  usePullToRefresh(() => campaign.reload())
  useRefreshOnReturn(() => void campaign.reload())

  const join = useAction(async () => {
    await api.library.joinCampaign({ campaignId: id })
    void Taro.showToast({ title: '已参加', icon: 'success' })
    await campaign.reload()
  })
  const change = useAction(async (to: 'publish' | 'cancel') => {
    const { confirm } = await Taro.showModal({
      title: to === 'publish' ? '发布活动' : '取消活动',
      content: to === 'publish' ? '发布后，本组织及下级组织的会员即可看到并参加，活动内容不能再修改。' : '取消后会员将看不到此活动，已参加的进度不再更新。',
      confirmText: to === 'publish' ? '发布' : '取消活动',
      cancelText: '再想想',
    })
    if (!confirm) return
    if (to === 'publish') await api.library.publishCampaign({ campaignId: id })
    else await api.library.cancelCampaign({ campaignId: id })
    void Taro.showToast({ title: to === 'publish' ? '已发布' : '已取消', icon: 'success' })
    await campaign.reload()
  })

  if (campaign.error) {
    return (
      <PageShell className='campaign-page'>
        <LoadFailure error={campaign.error} onRetry={() => void campaign.reload()} />
      </PageShell>
    )
  }
  const c = campaign.data
  if (!c) {
    return (
      <PageShell className='campaign-page'>
        <PageState kind='loading' />
      </PageShell>
    )
  }
  return (
    <PageShell className='campaign-page'>
      <View className='campaign-page__card'>
        <View className='campaign-page__head'>
          <Text className='campaign-page__title'>{c.title}</Text>
          <Text className='campaign-page__tag'>{c.status === 'published' ? phaseNames[c.phase] : campaignStatusNames[c.status]}</Text>
        </View>
        <Text className='campaign-page__fact'>主办：{c.branch.fullName}</Text>
        <Text className='campaign-page__fact'>时间：{windowText(c)}</Text>
        <Text className='campaign-page__fact'>
          目标：{goalText(c)}
          {c.rewardPoints > 0 ? `，达标奖励 ${c.rewardPoints} 积分` : ''}
        </Text>
        <Text className='campaign-page__fact'>{c.joinedCount} 人已参加</Text>
        {c.description && <Text className='campaign-page__description'>{c.description}</Text>}
        {c.canJoin && (
          <Button className='campaign-page__join' type='primary' block loading={join.busy} onClick={() => void join.run()}>
            参加活动
          </Button>
        )}
        {c.canManage && (
          <View className='campaign-page__manage'>
            {c.status === 'draft' && (
              <>
                <Button size='small' onClick={() => void openPage(withQuery(routes.libraryCampaignEdit, { id: c.id }))}>
                  编辑
                </Button>
                <Button size='small' type='primary' loading={change.busy} onClick={() => void change.run('publish')}>
                  发布
                </Button>
              </>
            )}
            {c.status !== 'cancelled' && (
              <Button size='small' type='danger' loading={change.busy} onClick={() => void change.run('cancel')}>
                取消活动
              </Button>
            )}
          </View>
        )}
      </View>

      <MyProgress campaign={c} />

      <View className='campaign-page__card'>
        <Text className='campaign-page__section'>活动书目（{c.books.length}）</Text>
        {c.books.map((book) => (
          <View key={book.id} className='campaign-book' onClick={() => void openPage(withQuery(routes.libraryBook, { id: book.id }))}>
            <Text className='campaign-book__title'>{book.title}</Text>
            <Text className='campaign-book__author'>{book.author}</Text>
          </View>
        ))}
      </View>

      {c.status !== 'draft' && <Leaderboards campaign={c} />}
    </PageShell>
  )
}

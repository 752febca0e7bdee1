import { Button } from '@nutui/nutui-react-taro'
import { Input, Picker, Text, Textarea, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import dayjs from 'dayjs'
import { useEffect, useState } from 'react'
import { api } from '../../../api'
import { BranchPicker } from '../../../components/branch-picker'
import { ChoiceChips } from '../../../components/choice-chips'
import { FormField } from '../../../components/form-field'
import { ListFooter } from '../../../components/list-footer'
import { LoadFailure } from '../../../components/load-failure'
import { PageShell } from '../../../components/page-shell'
import { PageState } from '../../../components/page-state'
import { useAction } from '../../../hooks/use-action'
import { useLeaveGuard } from '../../../hooks/use-leave-guard'
import { usePagedList } from '../../../hooks/use-paged-list'
import { useResource } from '../../../hooks/use-resource'
import { setLeaveGuard } from '../../../platform/leave-guard'
import { routes, withQuery } from '../../../routes'
import type { BookSummary, BranchRef, CampaignDetail } from '../../../shared/api'
import { campaignGoalNames, libraryLimits } from '../../../shared/library/names'
import type { CampaignGoalKind } from '../../../shared/library/names'
import { redirectPage } from '../../../utils/navigate'
import './index.scss'

const maxBooks = 50
const goalOptions = (Object.keys(campaignGoalNames) as CampaignGoalKind[]).map((value) => ({ value, label: campaignGoalNames[value] }))

interface Draft {
  branch: BranchRef | null
  title: string
  description: string
  startDay: string
  endDay: string
  goalKind: CampaignGoalKind
  goalValue: string
  rewardPoints: string
  books: BookSummary[]
}

function newDraft(): Draft {
  const today = dayjs().format('YYYY-MM-DD')
  return { branch: null, title: '', description: '', startDay: today, endDay: dayjs().add(29, 'day').format('YYYY-MM-DD'), goalKind: 'minutes', goalValue: '300', rewardPoints: '50', books: [] }
}

function draftOf(c: CampaignDetail): Draft {
  return {
    branch: c.branch,
    title: c.title,
    description: c.description,
    startDay: c.startDay,
    endDay: c.endDay,
    goalKind: c.goalKind,
    goalValue: String(c.goalValue),
    rewardPoints: String(c.rewardPoints),
    books: c.books,
  }
}

/** What the page can tell before the server does; the server checks all of it again. */
function problemOf(d: Draft): string | null {
  if (!d.branch) return '请选择主办组织'
  if (!d.title.trim()) return '请填写活动名称'
  if (d.endDay < d.startDay) return '结束日期不能早于开始日期'
  if (!/^\d+$/.test(d.goalValue) || Number(d.goalValue) < 1) return '请填写目标'
  if (!/^\d+$/.test(d.rewardPoints) || Number(d.rewardPoints) > libraryLimits.campaignRewardMax) return `奖励积分为 0 至 ${libraryLimits.campaignRewardMax}`
  if (d.books.length === 0) return '请至少选择一本书'
  if (d.goalKind === 'books' && Number(d.goalValue) > d.books.length) return '目标本数不能多于书目数'
  return null
}

function leave(id: number) {
  void redirectPage(withQuery(routes.libraryCampaign, { id }))
}

/** 发起/编辑读书活动 (branch admin): a draft until it is published from the campaign's page. */
export default function LibraryCampaignEditPage() {
  const idParam = useRouter().params.id
  const id = idParam ? Number(idParam) : null
  const existing = useResource(`library-campaign:${id}`, () => api.library.campaignDetail({ campaignId: id ?? 0 }), { enabled: id !== null })

  useEffect(() => {
    void Taro.setNavigationBarTitle({ title: id === null ? '发起读书活动' : '编辑读书活动' })
  }, [id])

  if (id !== null && existing.error) {
    return (
      <PageShell className='campaign-edit'>
        <LoadFailure error={existing.error} onRetry={() => void existing.reload()} />
      </PageShell>
    )
  }
  if (id !== null && !existing.data) {
    return (
      <PageShell className='campaign-edit'>
        <PageState kind='loading' />
      </PageShell>
    )
  }
  if (existing.data && (!existing.data.canManage || existing.data.status !== 'draft')) {
    return (
      <PageShell className='campaign-edit'>
        <PageState kind='empty' message='活动已发布或已取消，不能再修改。' action={{ text: '返回活动', onClick: () => leave(id ?? 0) }} />
      </PageShell>
    )
  }
  return <CampaignEditor id={id} initial={existing.data ? draftOf(existing.data) : newDraft()} />
}

function BookPicker({ branch, chosen, onAdd }: { branch: BranchRef; chosen: BookSummary[]; onAdd: (book: BookSummary) => void }) {
  const [typed, setTyped] = useState('')
  const [q, setQ] = useState('')
  // The list waits until typing pauses, so each keystroke does not cost a request.
  useEffect(() => {
    const timer = setTimeout(() => setQ(typed.trim()), 300)
    return () => clearTimeout(timer)
  }, [typed])
  const options = usePagedList(`campaign-books:${branch.id}:${q}`, (cursor) => api.library.campaignBookOptions({ branchId: branch.id, q, cursor, limit: 10 }))
  const chosenIds = new Set(chosen.map((b) => b.id))
  return (
    <View className='campaign-edit__picker'>
      <Input className='form-field__input' value={typed} maxlength={40} placeholder='按书名或作者查找' onInput={(e) => setTyped(e.detail.value)} />
      {options.status === 'loading' && <PageState kind='loading' />}
      {options.failure && <LoadFailure error={options.failure} onRetry={() => void options.reload()} />}
      {options.status === 'ready' && options.items.length === 0 && <PageState kind='empty' message='没有找到该组织会员可读的图书' />}
      {options.items.map((book) => (
        <View key={book.id} className='campaign-edit__option'>
          <View className='campaign-edit__book'>
            <Text className='campaign-edit__book-title'>{book.title}</Text>
            <Text className='campaign-edit__book-author'>{book.author}</Text>
          </View>
          {chosenIds.has(book.id) ? (
            <Text className='campaign-edit__chosen'>已选</Text>
          ) : (
            <Button size='small' disabled={chosen.length >= maxBooks} onClick={() => onAdd(book)}>
              加入
            </Button>
          )}
        </View>
      ))}
      {options.status === 'ready' && options.items.length > 0 && (
        <ListFooter loadingMore={options.loadingMore} hasMore={options.hasMore} moreError={options.moreError} onLoadMore={() => void options.loadMore()} />
      )}
    </View>
  )
}

function CampaignEditor({ id, initial }: { id: number | null; initial: Draft }) {
  const [draft, setDraft] = useState<Draft>(initial)
  const [dirty, setDirty] = useState(false)
  useLeaveGuard(dirty)
  const set = <K extends keyof Draft>(field: K) => (value: Draft[K]) => {
    setDraft((d) => ({ ...d, [field]: value }))
    setDirty(true)
  }
  const today = dayjs().format('YYYY-MM-DD')

  const save = useAction(async () => {
    const problem = problemOf(draft)
    if (problem || !draft.branch) {
      void Taro.showToast({ title: problem ?? '请检查填写内容', icon: 'none' })
      return
    }
    const saved = await api.library.saveCampaign({
      ...(id === null ? {} : { id }),
      branchId: draft.branch.id,
      title: draft.title,
      description: draft.description,
      startDay: draft.startDay,
      endDay: draft.endDay,
      goalKind: draft.goalKind,
      goalValue: Number(draft.goalValue),
      rewardPoints: Number(draft.rewardPoints),
      bookIds: draft.books.map((b) => b.id),
    })
    setDirty(false)
    setLeaveGuard(null)
    void Taro.showToast({ title: '已保存', icon: 'success' })
    leave(saved.id)
  })

  return (
    <PageShell className='campaign-edit'>
      <View className='campaign-edit__card'>
        <FormField label='主办组织' required hint='本组织及下级组织的会员可以参加'>
          <BranchPicker
            scope='admin'
            value={draft.branch}
            title='选择主办组织'
            placeholder='请选择工会组织'
            onChange={(b) => {
              // Books are checked against the branch: a new branch starts the list again.
              set('branch')(b)
              if (draft.branch?.id !== b.id) set('books')([])
            }}
          />
        </FormField>
        <FormField label='活动名称' required>
          <Input className='form-field__input' value={draft.title} maxlength={libraryLimits.campaignTitleMaxLength} placeholder='如：职工读书月' onInput={(e) => set('title')(e.detail.value)} />
        </FormField>
        <FormField label='活动说明'>
          <Textarea className='form-field__textarea' value={draft.description} maxlength={1000} autoHeight placeholder='活动的意义、规则和奖励' onInput={(e) => set('description')(e.detail.value)} />
        </FormField>
        <FormField label='活动时间' required hint='按整天计算，首尾两天都算在内'>
          <View className='campaign-edit__dates'>
            <Picker mode='date' value={draft.startDay} onChange={(e) => set('startDay')(String(e.detail.value))}>
              <Text className='campaign-edit__date'>{draft.startDay}</Text>
            </Picker>
            <Text>至</Text>
            <Picker mode='date' value={draft.endDay} start={today} onChange={(e) => set('endDay')(String(e.detail.value))}>
              <Text className='campaign-edit__date'>{draft.endDay}</Text>
            </Picker>
          </View>
        </FormField>
        <FormField label='活动目标' required>
          <ChoiceChips options={goalOptions} value={draft.goalKind} onChange={set('goalKind')} />
          <View className='campaign-edit__line'>
            <Input className='form-field__input campaign-edit__number' type='number' value={draft.goalValue} maxlength={6} onInput={(e) => set('goalValue')(e.detail.value)} />
            <Text>{draft.goalKind === 'minutes' ? '分钟（活动书目的阅读时长）' : '本（读完活动书目）'}</Text>
          </View>
        </FormField>
        <FormField label='达标奖励' hint={`0 至 ${libraryLimits.campaignRewardMax} 积分，达标时发放一次`}>
          <View className='campaign-edit__line'>
            <Input className='form-field__input campaign-edit__number' type='number' value={draft.rewardPoints} maxlength={3} onInput={(e) => set('rewardPoints')(e.detail.value)} />
            <Text>积分</Text>
          </View>
        </FormField>
      </View>

      <View className='campaign-edit__card'>
        <Text className='campaign-edit__section'>
          活动书目（{draft.books.length}/{maxBooks}）
        </Text>
        {draft.books.map((book) => (
          <View key={book.id} className='campaign-edit__option'>
            <View className='campaign-edit__book'>
              <Text className='campaign-edit__book-title'>{book.title}</Text>
              <Text className='campaign-edit__book-author'>{book.author}</Text>
            </View>
            <Text className='campaign-edit__remove' onClick={() => set('books')(draft.books.filter((b) => b.id !== book.id))}>
              移除
            </Text>
          </View>
        ))}
        {draft.branch ? (
          <BookPicker branch={draft.branch} chosen={draft.books} onAdd={(book) => set('books')([...draft.books, book])} />
        ) : (
          <Text className='campaign-edit__hint'>先选择主办组织，再从该组织会员可读的图书中选书。</Text>
        )}
      </View>

      <View className='campaign-edit__footer'>
        <Button type='primary' block loading={save.busy} onClick={() => void save.run()}>
          保存草稿
        </Button>
        <Text className='campaign-edit__hint'>保存后仍是草稿，在活动页「发布」后会员才能看到。</Text>
      </View>
    </PageShell>
  )
}

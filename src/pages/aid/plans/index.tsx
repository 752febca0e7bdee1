import { Button } from '@nutui/nutui-react-taro'
import { Text, View } from '@tarojs/components'
import Taro, { useReachBottom } from '@tarojs/taro'
import { api } from '../../../api'
import { ListFooter } from '../../../components/list-footer'
import { LoadFailure } from '../../../components/load-failure'
import { PageShell } from '../../../components/page-shell'
import { PageState } from '../../../components/page-state'
import { useAction } from '../../../hooks/use-action'
import { usePullToRefresh, useRefreshOnReturn } from '../../../hooks/use-page-refresh'
import { usePagedList } from '../../../hooks/use-paged-list'
import { routes, withQuery } from '../../../routes'
import { formatBp, formatFen } from '../../../shared/aid/money'
import { planStatusNames } from '../../../shared/aid/labels'
import type { AidPlan } from '../../../shared/api'
import { openPage } from '../../../utils/navigate'
import './index.scss'

type PlanCommand = 'open' | 'close' | 'newVersion'

const confirmations: Record<PlanCommand, (plan: AidPlan) => { title: string; content: string; confirmText: string }> = {
  open: (p) => ({ title: '开放参保', content: `开放后「${p.name}」的规则和缴费金额不能再修改，如需更正只能创建新版本。确定开放？`, confirmText: '开放参保' }),
  close: (p) => ({ title: '关闭计划', content: `关闭后「${p.name}」不再接受参保，已参保会员的保障不受影响。确定关闭？`, confirmText: '关闭' }),
  newVersion: (p) => ({ title: '创建新版本', content: `将复制「${p.name}」为第 ${p.version + 1} 版草稿；新版本开放参保时，本版本自动关闭。`, confirmText: '创建' }),
}

export default function AidPlansPage() {
  const list = usePagedList('aid-plans', (cursor) => api.aid.plans({ view: 'manage', cursor }))
  useRefreshOnReturn(() => void list.reload())
  usePullToRefresh(() => list.reload())
  useReachBottom(() => void list.loadMore())

  const run = useAction(async (plan: AidPlan, command: PlanCommand) => {
    const { confirm } = await Taro.showModal({ ...confirmations[command](plan), confirmColor: '#c4161c' })
    if (!confirm) return
    if (command === 'newVersion') {
      const draft = await api.aid.newPlanVersion({ id: plan.id })
      void openPage(withQuery(routes.aidPlanEdit, { id: draft.id }))
      return
    }
    const changed = command === 'open' ? await api.aid.openPlan({ id: plan.id }) : await api.aid.closePlan({ id: plan.id })
    void Taro.showToast({ title: command === 'open' ? '已开放参保' : '已关闭', icon: 'success' })
    // Opening a new version closes the one it corrects: reload rather than patch two rows.
    if (changed.previousVersionId !== null) void list.reload()
    else list.setItems((items) => items.map((p) => (p.id === changed.id ? changed : p)))
  })

  return (
    <PageShell className='aid-plans'>
      <View className='aid-plans__bar'>
        <Button className='aid-plans__create' type='primary' block onClick={() => void openPage(routes.aidPlanEdit)}>
          新建互助计划
        </Button>
        <Text className='aid-plans__note'>互助计划由市级互助管理员制定；开放参保后规则不可修改。</Text>
      </View>
      {list.status === 'loading' && <PageState kind='loading' />}
      {list.failure && <LoadFailure error={list.failure} onRetry={() => void list.reload()} />}
      {list.status === 'ready' && list.items.length === 0 && <PageState kind='empty' message='还没有互助计划，点击上方「新建互助计划」制定第一个' />}
      {list.status === 'ready' &&
        list.items.map((plan) => (
          <View key={plan.id} className={`aid-plan aid-plan--${plan.status}`}>
            <View className='aid-plan__head'>
              <Text className='aid-plan__name'>{plan.name}</Text>
              <Text className={`aid-plan__status aid-plan__status--${plan.status}`}>{planStatusNames[plan.status]}</Text>
            </View>
            <Text className='aid-plan__fact'>
              {plan.coverageYear} 年度 · 第 {plan.version} 版 · 每人 {formatFen(plan.contributionFen)} 元
            </Text>
            <Text className='aid-plan__fact'>参保范围：{plan.eligibleBranch.fullName}</Text>
            <Text className='aid-plan__fact'>
              起付线 {formatFen(plan.rules.deductibleFen)} 元 · 比例 {plan.rules.bands.map((b) => formatBp(b.ratioBp)).join('/')} · 年度封顶 {formatFen(plan.rules.yearlyCapFen)} 元
            </Text>
            {plan.nextVersionId !== null && <Text className='aid-plan__fact aid-plan__fact--muted'>已有更正版本</Text>}
            {plan.manageable && (
              <View className='aid-plan__actions'>
                {plan.editable && (
                  <Button size='small' className='aid-plan__edit' onClick={() => void openPage(withQuery(routes.aidPlanEdit, { id: plan.id }))}>
                    编辑
                  </Button>
                )}
                {plan.status === 'draft' && (
                  <Button size='small' type='primary' className='aid-plan__open' loading={run.busy} onClick={() => void run.run(plan, 'open')}>
                    开放参保
                  </Button>
                )}
                {plan.status !== 'draft' && plan.nextVersionId === null && (
                  <Button size='small' className='aid-plan__new-version' loading={run.busy} onClick={() => void run.run(plan, 'newVersion')}>
                    创建新版本
                  </Button>
                )}
                {plan.status === 'open' && (
                  <Button size='small' className='aid-plan__close' loading={run.busy} onClick={() => void run.run(plan, 'close')}>
                    关闭
                  </Button>
                )}
              </View>
            )}
          </View>
        ))}
      {list.status === 'ready' && list.items.length > 0 && (
        <ListFooter loadingMore={list.loadingMore} hasMore={list.hasMore} moreError={list.moreError} onLoadMore={() => void list.loadMore()} />
      )}
    </PageShell>
  )
}

import { Text, View } from '@tarojs/components'
import Taro, { useReachBottom, useRouter } from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { api } from '../../../api'
import { FilterTabs } from '../../../components/filter-tabs'
import { ListFooter } from '../../../components/list-footer'
import { LoadFailure } from '../../../components/load-failure'
import { PageShell } from '../../../components/page-shell'
import { PageState } from '../../../components/page-state'
import { PromptDialog } from '../../../components/prompt-dialog'
import { useAction } from '../../../hooks/use-action'
import { usePullToRefresh } from '../../../hooks/use-page-refresh'
import { usePagedList } from '../../../hooks/use-paged-list'
import { useResource } from '../../../hooks/use-resource'
import { formatFen } from '../../../shared/aid/money'
import type { SettlementImport, SettlementImportStatus, SettlementOutcome, SettlementRowView } from '../../../shared/api'
import { dateTimeText } from '../../../utils/time'
import { SettlementRow } from './settlement-row'
import { UploadPanel } from './upload-panel'
import './index.scss'

const outcomeOrder: SettlementOutcome[] = ['flagged', 'unmatched', 'bad', 'duplicate', 'paid']

const statusNames: Record<SettlementImportStatus, string> = { running: '导入中', done: '已完成', failed: '导入失败' }

const outcomeNames: Record<SettlementOutcome, string> = {
  paid: '已结算',
  flagged: '待核对',
  duplicate: '已导入',
  unmatched: '未匹配',
  bad: '格式错误',
}

const emptyText: Record<SettlementOutcome, string> = {
  flagged: '没有需要核对的记录',
  unmatched: '没有未匹配的记录',
  bad: '没有格式错误的行',
  duplicate: '没有重复导入的记录',
  paid: '没有已结算的记录',
}

const countOf = (imp: SettlementImport, outcome: SettlementOutcome): number =>
  ({ flagged: imp.flaggedRows, unmatched: imp.unmatchedRows, bad: imp.badRows, duplicate: imp.duplicateRows, paid: imp.paidRows })[outcome]

/**
 * 一站式结算 (aid_admin of a county or the city): upload the 医保 settlement file, follow the
 * import's progress, review flagged rows (accept the engine's figure or the file's with a reason),
 * read the unmatched and bad rows with their reasons, and open earlier imports.
 */
export default function SettlementPage() {
  const routeId = Number(useRouter().params.id)
  const [currentId, setCurrentId] = useState<number | null>(Number.isSafeInteger(routeId) && routeId > 0 ? routeId : null)
  const [outcome, setOutcome] = useState<SettlementOutcome>('flagged')
  const [resolving, setResolving] = useState<SettlementRowView | null>(null)
  const me = useResource('me', () => api.auth.me())
  const history = usePagedList('settlement-imports', (cursor) => api.aid.settlementImports({ cursor }))
  const current = useResource(`settlement-import:${currentId}`, () => api.aid.settlementImport({ id: currentId ?? 0 }), { enabled: currentId !== null })
  const rows = usePagedList(`settlement-rows:${currentId}:${outcome}`, (cursor) => api.aid.settlementRows({ importId: currentId ?? 0, outcome, cursor }), {
    enabled: currentId !== null,
  })
  const branches = (me.data?.grants ?? []).filter((g) => g.role === 'aid_admin' && g.branch.level <= 2).map((g) => g.branch)

  usePullToRefresh(async () => {
    await Promise.all([history.reload(), currentId === null ? Promise.resolve() : current.reload(), currentId === null ? Promise.resolve() : rows.reload()])
  })
  useReachBottom(() => void (currentId === null ? history.loadMore() : rows.loadMore()))

  // While the import runs, the page drives it: each continue call works a few seconds and answers the progress.
  const running = current.data?.status === 'running' ? current.data.id : null
  useEffect(() => {
    if (running === null) return
    let stopped = false
    const drive = async () => {
      while (!stopped) {
        const next = await api.aid.settlementContinue({ id: running }).catch(() => null)
        if (stopped) return
        if (!next) {
          // The background job carries on; the page asks again shortly.
          await new Promise((resolve) => setTimeout(resolve, 3000))
          continue
        }
        current.setData(() => next)
        if (next.status !== 'running') {
          void rows.reload()
          void history.reload()
          return
        }
      }
    }
    void drive()
    return () => {
      stopped = true
    }
  }, [running])

  const replaceRow = (row: SettlementRowView) => rows.setItems((items) => items.map((r) => (r.id === row.id ? row : r)))

  const acceptEngine = useAction(async (row: SettlementRowView) => {
    const { confirm } = await Taro.showModal({
      title: '按核算金额结算',
      content: `第 ${row.line} 行按医疗互助规则核算的金额结算，计入该会员本年度额度。`,
      confirmText: '确认结算',
      confirmColor: '#c4161c',
    })
    if (!confirm) return
    replaceRow(await api.aid.settlementResolve({ rowId: row.id, use: 'engine' }))
    void Taro.showToast({ title: '已结算', icon: 'none' })
  })

  const open = (id: number) => {
    setOutcome('flagged')
    setCurrentId(id)
    void Taro.pageScrollTo({ scrollTop: 0, duration: 0 })
  }

  const imp = current.data
  const percent = imp && imp.totalRows > 0 ? Math.floor((imp.processedRows * 100) / imp.totalRows) : 100

  return (
    <PageShell className='settlement-page'>
      {me.status === 'loading' && <PageState kind='loading' />}
      {me.error && <LoadFailure error={me.error} onRetry={() => void me.reload()} />}
      {me.data && branches.length === 0 && <PageState kind='empty' message='一站式结算文件由市或县（市、区）总工会的互助管理员导入' />}
      {me.data && branches.length > 0 && (
        <UploadPanel
          branches={branches}
          onStarted={(started) => {
            open(started.id)
            void history.reload()
          }}
        />
      )}

      {currentId !== null && (
        <View className='settlement-import'>
          {current.status === 'loading' && <PageState kind='loading' />}
          {current.error && <LoadFailure error={current.error} onRetry={() => void current.reload()} />}
          {imp && (
            <>
              <View className='settlement-import__head'>
                <Text className='settlement-import__name'>{imp.fileName}</Text>
                <Text className={`settlement-import__status settlement-import__status--${imp.status}`}>{statusNames[imp.status]}</Text>
              </View>
              <Text className='settlement-import__meta'>
                {imp.branch.name} · {imp.createdBy} · {dateTimeText(imp.createdAt)}
              </Text>
              {imp.error && <Text className='settlement-import__error'>{imp.error}</Text>}
              <View className='settlement-import__progress' role='progressbar' aria-valuenow={percent}>
                <View className='settlement-import__bar' style={{ width: `${percent}%` }} />
              </View>
              <Text className='settlement-import__counted'>
                已处理 {imp.processedRows} / {imp.totalRows} 行（{percent}%）
              </Text>
              <View className='settlement-import__counts'>
                <Text className='settlement-import__paid'>
                  已结算 {imp.paidRows} 笔，互助金 {formatFen(imp.paidFen)} 元
                </Text>
                <Text>
                  待核对 {imp.flaggedRows} · 未匹配 {imp.unmatchedRows} · 格式错误 {imp.badRows} · 已导入 {imp.duplicateRows}
                </Text>
              </View>
              <FilterTabs
                tabs={outcomeOrder.map((o) => ({ value: o, title: `${outcomeNames[o]} ${countOf(imp, o)}` }))}
                value={outcome}
                onChange={setOutcome}
              />
              {rows.status === 'loading' && <PageState kind='loading' />}
              {rows.failure && <LoadFailure error={rows.failure} onRetry={() => void rows.reload()} />}
              {rows.status === 'ready' && rows.items.length === 0 && (
                <PageState kind='empty' message={imp.status === 'running' ? '导入中，稍后刷新查看' : emptyText[outcome]} />
              )}
              {rows.status === 'ready' &&
                rows.items.map((row) => (
                  <SettlementRow key={row.id} row={row} busy={acceptEngine.busy} onUseEngine={(r) => void acceptEngine.run(r)} onUseFile={setResolving} />
                ))}
              {rows.status === 'ready' && rows.items.length > 0 && (
                <ListFooter loadingMore={rows.loadingMore} hasMore={rows.hasMore} moreError={rows.moreError} onLoadMore={() => void rows.loadMore()} />
              )}
              <View className='settlement-import__back' onClick={() => setCurrentId(null)}>
                <Text>查看导入记录</Text>
              </View>
            </>
          )}
        </View>
      )}

      {currentId === null && me.data && branches.length > 0 && (
        <View className='settlement-history'>
          <Text className='settlement-history__title'>导入记录</Text>
          {history.status === 'loading' && <PageState kind='loading' />}
          {history.failure && <LoadFailure error={history.failure} onRetry={() => void history.reload()} />}
          {history.status === 'ready' && history.items.length === 0 && <PageState kind='empty' message='还没有导入过结算文件' />}
          {history.items.map((item) => (
            <View key={item.id} className='settlement-history__item' onClick={() => open(item.id)}>
              <View className='settlement-history__line'>
                <Text className='settlement-history__name'>{item.fileName}</Text>
                <Text className={`settlement-import__status settlement-import__status--${item.status}`}>{statusNames[item.status]}</Text>
              </View>
              <Text className='settlement-history__meta'>
                {item.branch.name} · {dateTimeText(item.createdAt)} · {item.totalRows} 行 · 待核对 {item.flaggedRows}
              </Text>
            </View>
          ))}
          {history.status === 'ready' && history.items.length > 0 && (
            <ListFooter loadingMore={history.loadingMore} hasMore={history.hasMore} moreError={history.moreError} onLoadMore={() => void history.loadMore()} />
          )}
        </View>
      )}

      <PromptDialog
        visible={resolving !== null}
        title='按文件金额结算'
        subject={resolving ? `第 ${resolving.line} 行：文件互助金 ${formatFen(resolving.fileAidFen ?? 0)} 元，核算 ${resolving.engineFen === null ? '—' : `${formatFen(resolving.engineFen)} 元`}` : undefined}
        label='原因'
        multiline
        maxLength={200}
        placeholder='例如：已与医保经办机构核对，医院按旧版规则扣减'
        confirmText='确认结算'
        validate={(reason) => (reason.length < 2 ? '请填写原因（2–200 字）' : null)}
        onSubmit={async (reason) => {
          if (!resolving) return
          replaceRow(await api.aid.settlementResolve({ rowId: resolving.id, use: 'file', reason }))
          setResolving(null)
          void Taro.showToast({ title: '已结算', icon: 'none' })
        }}
        onClose={() => setResolving(null)}
      />
    </PageShell>
  )
}

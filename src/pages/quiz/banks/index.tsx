import { Button } from '@nutui/nutui-react-taro'
import { Input, Text, Textarea, View } from '@tarojs/components'
import Taro, { useReachBottom } from '@tarojs/taro'
import { useState } from 'react'
import { api } from '../../../api'
import { BranchPicker } from '../../../components/branch-picker'
import { FormField } from '../../../components/form-field'
import { ListFooter } from '../../../components/list-footer'
import { LoadFailure } from '../../../components/load-failure'
import { PageShell } from '../../../components/page-shell'
import { PageState } from '../../../components/page-state'
import { useAction } from '../../../hooks/use-action'
import { usePullToRefresh, useRefreshOnReturn } from '../../../hooks/use-page-refresh'
import { usePagedList } from '../../../hooks/use-paged-list'
import { useRequestId } from '../../../hooks/use-request-id'
import { useResource } from '../../../hooks/use-resource'
import { routes, withQuery } from '../../../routes'
import type { BranchRef } from '../../../shared/api'
import { openPage } from '../../../utils/navigate'
import { dateText } from '../../../utils/time'
import { editorBranches } from '../editor-branch'
import './index.scss'

function NewBank({ branches, onCreated }: { branches: BranchRef[]; onCreated: (id: number) => void }) {
  const [branch, setBranch] = useState<BranchRef | null>(null)
  const [title, setTitle] = useState('')
  const [description, setDescription] = useState('')
  const chosen = branch ?? branches[0] ?? null
  const requestId = useRequestId()
  const save = useAction(async () => {
    if (!chosen || !title.trim()) {
      void Taro.showToast({ title: '请填写题库名称', icon: 'none' })
      return
    }
    const input = { branchId: chosen.id, title, description }
    const saved = await api.quiz.saveBank({ ...input, requestId: requestId.idFor(input) })
    requestId.reset()
    setTitle('')
    setDescription('')
    onCreated(saved.id)
  })
  return (
    <View className='quiz-banks__new'>
      <Text className='quiz-banks__section'>新建题库</Text>
      <FormField label='所属组织' required hint='本组织及下级组织的出题人和测验可以使用'>
        <BranchPicker scope='course_editor' value={chosen} onChange={setBranch} title='选择题库所属组织' placeholder='选择组织' />
      </FormField>
      <FormField label='题库名称' required>
        <Input className='form-field__input quiz-banks__title' value={title} maxlength={40} placeholder='如：红船精神知识题库' onInput={(e) => setTitle(e.detail.value)} />
      </FormField>
      <FormField label='说明'>
        <Textarea className='form-field__textarea' value={description} maxlength={500} autoHeight placeholder='题库的内容和来源' onInput={(e) => setDescription(e.detail.value)} />
      </FormField>
      <Button className='quiz-banks__create' type='primary' block loading={save.busy} onClick={() => void save.run()}>
        创建题库
      </Button>
    </View>
  )
}

/** 题库 (course_editor): the banks of their scope, and a new one. */
export default function QuizBanksPage() {
  const me = useResource('me', () => api.auth.me())
  const branches = editorBranches(me.data?.grants)
  const banks = usePagedList('quiz-banks', (cursor) => api.quiz.banks({ cursor, limit: 20 }), { enabled: branches.length > 0 })

  usePullToRefresh(() => banks.reload())
  useRefreshOnReturn(() => void banks.reload())
  useReachBottom(() => void banks.loadMore())

  return (
    <PageShell className='quiz-banks'>
      {me.status === 'loading' && <PageState kind='loading' />}
      {me.error && <LoadFailure error={me.error} onRetry={() => void me.reload()} />}
      {me.data && branches.length === 0 && <PageState kind='empty' message='题库由课程编辑管理' />}
      {branches.length > 0 && (
        <>
          <View className='quiz-banks__links'>
            <Button className='quiz-banks__quizzes' fill='outline' block onClick={() => void openPage(routes.quizManage)}>
              测验管理
            </Button>
          </View>
          {banks.status === 'loading' && <PageState kind='loading' />}
          {banks.failure && <LoadFailure error={banks.failure} onRetry={() => void banks.reload()} />}
          {banks.status === 'ready' && banks.items.length === 0 && <PageState kind='empty' message='还没有题库，先在下面新建一个' />}
          {banks.items.map((bank) => (
            <View key={bank.id} className='quiz-bank-row' onClick={() => void openPage(withQuery(routes.quizBank, { id: bank.id }))}>
              <View className='quiz-bank-row__head'>
                <Text className='quiz-bank-row__title'>{bank.title}</Text>
                <Text className='quiz-bank-row__count'>{bank.questionCount} 题</Text>
              </View>
              <Text className='quiz-bank-row__fact'>
                {bank.branch.name} · 更新于 {dateText(bank.updatedAt)}
              </Text>
            </View>
          ))}
          {banks.status === 'ready' && banks.items.length > 0 && (
            <ListFooter loadingMore={banks.loadingMore} hasMore={banks.hasMore} moreError={banks.moreError} onLoadMore={() => void banks.loadMore()} />
          )}
          <NewBank branches={branches} onCreated={(id) => void openPage(withQuery(routes.quizBank, { id }))} />
        </>
      )}
    </PageShell>
  )
}

import { Button } from '@nutui/nutui-react-taro'
import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { api } from '../../../api'
import { LoadFailure } from '../../../components/load-failure'
import { PageShell } from '../../../components/page-shell'
import { PageState } from '../../../components/page-state'
import { useAction } from '../../../hooks/use-action'
import { usePullToRefresh } from '../../../hooks/use-page-refresh'
import { useResource } from '../../../hooks/use-resource'
import { routes, withQuery } from '../../../routes'
import { legalCategoryNames } from '../../../shared/legal/names'
import { openPage } from '../../../utils/navigate'
import { dateText } from '../../../utils/time'
import './index.scss'

/** One 常见问题: the anonymised question and the lawyer's answer; its publisher or an admin may take it down. */
export default function ArticlePage() {
  const id = Number(useRouter().params.id)
  const valid = Number.isInteger(id) && id > 0
  const article = useResource(`kb-article:${id}`, () => api.legal.knowledgeArticle({ id }), { enabled: valid })
  usePullToRefresh(() => article.reload())

  const withdraw = useAction(async () => {
    const { confirm } = await Taro.showModal({
      title: '撤下问答',
      content: '撤下后职工将无法再搜索和查看这条问答。',
      confirmText: '撤下',
      confirmColor: '#c4161c',
      cancelText: '取消',
    })
    if (!confirm) return
    const { status } = await api.legal.withdrawArticle({ id })
    article.setData((current) => ({ ...current, status, canWithdraw: false }))
    void Taro.showToast({ title: '已撤下', icon: 'none' })
  })

  if (!valid) return <PageShell><PageState kind='error' message='问答编号无效' /></PageShell>
  if (article.status === 'loading') return <PageShell><PageState kind='loading' /></PageShell>
  if (article.error || !article.data) {
    return <PageShell>{article.error && <LoadFailure error={article.error} onRetry={() => void article.reload()} />}</PageShell>
  }
  const a = article.data

  return (
    <PageShell className='legal-article'>
      <View className='legal-article__card'>
        <Text className='legal-article__title'>{a.title}</Text>
        <Text className='legal-article__meta'>
          {legalCategoryNames[a.category]} · {dateText(a.publishedAt)}
        </Text>
        {a.status === 'withdrawn' && <Text className='legal-article__withdrawn'>这条问答已撤下，职工无法再查看</Text>}
      </View>
      <View className='legal-article__card'>
        <Text className='legal-article__label legal-article__label--question'>问</Text>
        <Text className='legal-article__text'>{a.questionText}</Text>
      </View>
      <View className='legal-article__card'>
        <Text className='legal-article__label legal-article__label--answer'>律师解答</Text>
        <Text className='legal-article__text'>{a.answerText}</Text>
      </View>
      <Text className='legal-article__note'>本问答由工会律师根据职工咨询整理，已隐去个人信息，仅供参考。具体情况不同，可直接向律师咨询。</Text>
      <Button className='legal-article__ask' type='primary' block onClick={() => void openPage(routes.legalAsk)}>
        我也要咨询
      </Button>
      <Button className='legal-article__more' block onClick={() => void openPage(withQuery(routes.legalKnowledge, { category: a.category }))}>
        更多{legalCategoryNames[a.category]}问答
      </Button>
      {a.canWithdraw && (
        <Button className='legal-article__withdraw' block loading={withdraw.busy} disabled={withdraw.busy} onClick={() => void withdraw.run()}>
          撤下这条问答
        </Button>
      )}
    </PageShell>
  )
}

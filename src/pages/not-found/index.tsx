import { PageShell } from '../../components/page-shell'
import { PageState } from '../../components/page-state'
import { goHome } from '../../utils/navigate'

/** Where an address that matches no page lands (app.ts), instead of a blank or a stale screen. */
export default function NotFoundPage() {
  return (
    <PageShell className='not-found'>
      <PageState kind='error' message='页面不存在，链接可能有误或已失效' action={{ text: '返回首页', onClick: () => void goHome() }} />
    </PageShell>
  )
}

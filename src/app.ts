import Taro from '@tarojs/taro'
import type { PropsWithChildren } from 'react'
import { startPlatform } from './platform/start'
import { routes } from './routes'
import './app.scss'

startPlatform()

// An address that matches no page (a mistyped or outdated H5 link, a shared link to a page that
// is gone) would otherwise show a blank screen, or on H5 leave the previous page standing.
Taro.onPageNotFound(() => void Taro.redirectTo({ url: routes.notFound }))

function App({ children }: PropsWithChildren) {
  return children
}

export default App

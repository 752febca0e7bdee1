import type { PropsWithChildren } from 'react'
import { startPlatform } from './platform/start'
import './app.scss'

startPlatform()

function App({ children }: PropsWithChildren) {
  return children
}

export default App

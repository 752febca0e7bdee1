// Taro's own showLoading would bring its whole dialog module (about 7 KB gzip) into the first
// bundle of every page, so the H5 build draws this one box itself (styled in nav-bar.h5.scss).
let mask: HTMLElement | null = null
let failureTimer: ReturnType<typeof setTimeout> | undefined

function show(text: string, busy: boolean): void {
  clearTimeout(failureTimer)
  mask?.remove()
  mask = document.createElement('div')
  mask.className = 'nav-busy'
  const panel = document.createElement('div')
  panel.className = 'nav-busy__panel'
  panel.setAttribute('role', 'status')
  if (busy) panel.appendChild(document.createElement('i'))
  panel.appendChild(document.createTextNode(text))
  mask.appendChild(panel)
  document.body.appendChild(mask)
}

export function showBusy(): void {
  show('加载中', true)
}

export function hideBusy(): void {
  clearTimeout(failureTimer)
  mask?.remove()
  mask = null
}

export function showFailure(message: string): void {
  show(message, false)
  failureTimer = setTimeout(hideBusy, 2000)
}

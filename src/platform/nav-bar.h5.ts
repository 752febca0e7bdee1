import Taro from '@tarojs/taro'
import { goHome } from '../utils/navigate'
import { confirmLeave } from './leave-guard'
import './nav-bar.h5.scss'

/**
 * Taro's H5 navigation bar (app.config.ts `navigationStyle: 'default'`) draws the title, back and
 * home; its buttons leave at once, so their taps are taken over here to ask first when the page
 * has unsaved changes.
 */
export function takeOverNavBar(): void {
  document.addEventListener(
    'click',
    (event) => {
      const button = event.target instanceof Element ? event.target.closest('.taro-navigation-bar-back, .taro-navigation-bar-home') : null
      if (!button) return
      event.stopPropagation()
      if (button.classList.contains('taro-navigation-bar-home')) void goHome()
      else void confirmLeave().then((leave) => (leave ? Taro.navigateBack() : undefined))
    },
    // The capture phase runs before Taro's own listeners on the buttons.
    true,
  )
}

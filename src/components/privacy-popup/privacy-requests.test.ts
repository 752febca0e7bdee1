import { describe, expect, it, vi } from 'vitest'
import { answerPrivacy, holdForPrivacyAnswer, privacyPopupShown } from './privacy-requests'

describe('privacy requests', () => {
  it('releases every held call with the agree button named, once', () => {
    const scan = vi.fn()
    const copy = vi.fn()
    holdForPrivacyAnswer(scan, { referrer: 'scanCode' })
    holdForPrivacyAnswer(copy, { referrer: 'setClipboardData' })
    privacyPopupShown()
    answerPrivacy({ agreed: true, buttonId: 'privacy-agree' })
    for (const resolve of [scan, copy]) {
      expect(resolve.mock.calls).toEqual([[{ event: 'exposureAuthorization' }], [{ event: 'agree', buttonId: 'privacy-agree' }]])
    }
    // Answered calls are not answered again.
    answerPrivacy({ agreed: false })
    expect(scan).toHaveBeenCalledTimes(2)
  })

  it('a decline fails the held call, as WeChat then tells it', () => {
    const choose = vi.fn()
    holdForPrivacyAnswer(choose, { referrer: 'chooseMedia' })
    answerPrivacy({ agreed: false })
    expect(choose.mock.calls).toEqual([[{ event: 'disagree' }]])
  })
})

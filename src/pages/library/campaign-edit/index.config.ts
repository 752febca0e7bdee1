export default definePageConfig({
  navigationBarTitleText: '发起读书活动',
})

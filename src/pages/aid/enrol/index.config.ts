export default definePageConfig({
  navigationBarTitleText: '个人参保',
  enablePullDownRefresh: true,
})

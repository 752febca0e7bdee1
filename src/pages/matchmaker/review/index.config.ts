export default definePageConfig({
  navigationBarTitleText: '审核资料',
  enablePullDownRefresh: true,
})

export default definePageConfig({
  navigationBarTitleText: '读书活动',
  enablePullDownRefresh: true,
})

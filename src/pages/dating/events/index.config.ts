export default definePageConfig({
  navigationBarTitleText: '联谊活动',
  enablePullDownRefresh: true,
})

export default definePageConfig({
  navigationBarTitleText: '点单送课',
  enablePullDownRefresh: true,
})

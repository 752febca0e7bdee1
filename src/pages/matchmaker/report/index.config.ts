export default definePageConfig({
  navigationBarTitleText: '处理举报',
  enablePullDownRefresh: true,
})

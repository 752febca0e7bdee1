export default definePageConfig({
  navigationBarTitleText: '线下课程',
  enablePullDownRefresh: true,
})

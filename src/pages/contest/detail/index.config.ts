export default definePageConfig({
  navigationBarTitleText: '答题竞赛',
  enablePullDownRefresh: true,
})

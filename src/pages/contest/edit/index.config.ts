export default definePageConfig({
  navigationBarTitleText: '发起答题竞赛',
})

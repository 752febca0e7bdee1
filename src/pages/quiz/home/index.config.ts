export default definePageConfig({
  navigationBarTitleText: '答题练习',
  enablePullDownRefresh: true,
})

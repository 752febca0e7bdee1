export default definePageConfig({
  navigationBarTitleText: '红娘工作台',
  enablePullDownRefresh: true,
})

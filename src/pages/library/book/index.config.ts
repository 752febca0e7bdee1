export default definePageConfig({
  navigationBarTitleText: '图书详情',
  enablePullDownRefresh: true,
})

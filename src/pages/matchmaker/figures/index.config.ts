export default definePageConfig({
  navigationBarTitleText: '鹊桥会统计',
  enablePullDownRefresh: true,
})

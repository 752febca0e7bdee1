export default definePageConfig({
  navigationBarTitleText: '鹊桥会消息',
  enablePullDownRefresh: true,
})

export default definePageConfig({
  navigationBarTitleText: '加入鹊桥会',
})

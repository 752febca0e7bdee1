export default definePageConfig({
  navigationBarTitleText: '嘉工鹊桥会',
})

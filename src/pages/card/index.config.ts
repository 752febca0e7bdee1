export default definePageConfig({
  navigationBarTitleText: '嘉工卡',
})

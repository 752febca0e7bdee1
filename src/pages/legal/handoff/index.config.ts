export default definePageConfig({
  navigationBarTitleText: '转交线下帮助',
})

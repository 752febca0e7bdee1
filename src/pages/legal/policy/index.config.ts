export default definePageConfig({
  navigationBarTitleText: '答复时限',
})

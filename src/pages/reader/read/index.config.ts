export default definePageConfig({
  navigationBarTitleText: '阅读',
  // The reader saves the position from page scrolls; the theme colours the bar (night mode).
  backgroundColor: '#ffffff',
})

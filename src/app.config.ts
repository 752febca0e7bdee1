// Evaluated at build time: the demo login page exists only in the H5 build, since WeChat
// identifies users by openid.
const authPackage = process.env.TARO_ENV === 'h5' ? [{ root: 'pages/auth', pages: ['login/index'] }] : []

export default defineAppConfig({
  pages: ['pages/home/index', 'pages/card/index'],
  subPackages: [
    ...authPackage,
    { root: 'pages/membership', pages: ['join/index', 'review/index'] },
    { root: 'pages/notice', pages: ['detail/index', 'manage/index', 'edit/index'] },
    { root: 'pages/admin', pages: ['roles/index', 'verify-card/index'] },
  ],
  // Members open notices from the home feed far more often than anything else.
  preloadRule: {
    'pages/home/index': { network: 'all', packages: ['pages/notice'] },
  },
  window: {
    backgroundTextStyle: 'dark',
    navigationBarBackgroundColor: '#c4161c',
    navigationBarTitleText: '嘉兴网上职工之家',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f5f6f8',
  },
})

export { PrivacyPopup } from '../components/privacy-popup'

// The browser asks for no privacy authorisation: the popup's code and styles stay out of the H5 bundle.
export function PrivacyPopup(): null {
  return null
}

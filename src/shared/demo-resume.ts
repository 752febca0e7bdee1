/** How many new demo accounts one browser remembers; older ones drop off the login page. */
export const demoResumeLimit = 20

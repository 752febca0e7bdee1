/**
 * The HTML a notice body may use: the server sanitises to it, the client renders only it.
 * Attributes: a[href], img[src, alt]; URLs http(s) only.
 */
export const richTextTags = ['p', 'br', 'strong', 'b', 'em', 'i', 'u', 's', 'h2', 'h3', 'h4', 'ul', 'ol', 'li', 'blockquote', 'a', 'img', 'span']

// The one Content-Security-Policy, sent by the Electron protocol handler and the browser host alike
// (and mirrored in renderer/index.html's meta tag). The renderer loads only its own files.
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

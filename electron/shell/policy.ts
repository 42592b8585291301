// The shell's security decisions as pure functions, so they are tested without Electron:
// which URLs the window may show, which files app:// serves, who may call, what may open outside.

import nodePath from 'node:path';
import type { FilePurpose } from '../../shared/contract.js';
import type { ShellText } from './messages.js';

export const APP_SCHEME = 'app';
export const APP_HOST = 'par';
/** Where the renderer lives; a privileged standard scheme, so it is a secure origin of its own. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

export { CONTENT_SECURITY_POLICY } from '../../shared/csp.js';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp.js';

function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** True for app://par/… only (no credentials, no port: they would make a different origin). */
export function isAppUrl(url: string): boolean {
  const u = parseUrl(url);
  return u !== null && u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && u.username === '' && u.password === '';
}

/** The window may navigate (or be redirected) only within the app origin. */
export function isAllowedNavigation(url: string): boolean {
  return isAppUrl(url);
}

/**
 * A link that may be offered to the system browser: http(s) only, with a host and no embedded
 * credentials. Returns the normalised address, or null for everything else (file:, javascript:, …).
 */
export function externalLinkTarget(url: string): string | null {
  const u = parseUrl(url);
  if (u === null) return null;
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return null;
  if (u.hostname === '' || u.username !== '' || u.password !== '') return null;
  return u.href;
}

/** What ipc.ts learns about the frame that sent a call. */
export interface SenderFacts {
  /** The message came from our own window's webContents. */
  fromOurWindow: boolean;
  /** The sending frame, or null when it is gone (navigated away or destroyed). */
  frame: { url: string; isMainFrame: boolean } | null;
}

/** Only the main frame of our window, showing our own page, may call the core. */
export function isTrustedSender(facts: SenderFacts): boolean {
  return facts.fromOurWindow && facts.frame !== null && facts.frame.isMainFrame && isAppUrl(facts.frame.url);
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

/** The content type app:// answers with, or null for a kind of file it never serves. */
export function contentTypeFor(file: string): string | null {
  return CONTENT_TYPES[nodePath.extname(file).toLowerCase()] ?? null;
}

type PathApi = Pick<typeof nodePath, 'resolve' | 'relative' | 'isAbsolute'>;

/**
 * Maps an app:// request to a file inside the renderer folder, or null when it must not be served:
 * another origin, `..` or `.` segments (also percent-encoded), backslashes, drive letters, NUL,
 * hidden files, empty segments, directories, and file kinds outside the known list.
 * `pathApi` lets the tests check Windows path rules on any machine.
 */
export function resolveAppFile(rendererRoot: string, requestUrl: string, pathApi: PathApi = nodePath): string | null {
  if (!isAppUrl(requestUrl)) return null;
  const u = new URL(requestUrl);
  const raw = u.pathname;
  if (raw.includes('\\') || /%5c/i.test(raw)) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return null;
  }
  if (decoded === '/' || decoded === '') decoded = '/index.html';
  if (!decoded.startsWith('/')) return null;
  const segments = decoded.slice(1).split('/');
  for (const segment of segments) {
    if (segment === '' || segment === '.' || segment === '..') return null;
    if (segment.startsWith('.')) return null;
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused here
    if (/[\\:\u0000-\u001f\u007f]/.test(segment)) return null;
  }
  const last = segments[segments.length - 1] ?? '';
  if (contentTypeFor(last) === null) return null;
  const root = pathApi.resolve(rendererRoot);
  const file = pathApi.resolve(root, ...segments);
  const rel = pathApi.relative(root, file);
  if (rel === '' || rel.startsWith('..') || pathApi.isAbsolute(rel)) return null;
  return file;
}

/** Headers on every app:// answer: the CSP travels as a header so the page cannot weaken it. */
export function appResponseHeaders(contentType: string): Record<string, string> {
  return {
    'Content-Type': contentType,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cache-Control': 'no-cache',
  };
}

/**
 * Downloads are files the app itself produced (exported workbooks, annexes): blob: or data: URLs
 * made by our page, or app:// files. Anything else is cancelled.
 */
export function isAllowedDownloadUrl(url: string): boolean {
  const u = parseUrl(url);
  if (u === null) return false;
  if (u.protocol === 'data:') return true;
  if (u.protocol === 'blob:') return isAppUrl(u.pathname);
  return isAppUrl(url);
}

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i;

/** A file name safe to propose in a save dialog on every OS; Vietnamese letters are kept. */
export function safeDownloadName(name: string, fallback = 'tep-xuat.dat'): string {
  const cleaned = name
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed here
    .replace(/[\u0000-\u001f\u007f<>:"/\\|?*]/g, '_')
    .replace(/^[\s.]+|[\s.]+$/g, '')
    .slice(0, 180);
  if (cleaned === '' || /^_+$/.test(cleaned)) return fallback;
  return WINDOWS_RESERVED.test(cleaned) ? `_${cleaned}` : cleaned;
}

export interface SaveFilter {
  name: string;
  extensions: string[];
}

const KNOWN_SAVE_KINDS: Readonly<Record<string, string>> = {
  xlsx: 'Excel',
  xls: 'Excel',
  csv: 'CSV',
  pdf: 'PDF',
  docx: 'Word',
  json: 'JSON',
  parpkg: 'Gói dữ liệu thẩm định CCHC',
  // Evidence bundle
  parevd: 'Gói tài liệu kiểm chứng thẩm định CCHC',
};

/** Save-dialog filters: the file's own kind first, then "all files". */
export function saveFiltersFor(fileName: string, allFilesLabel: string): SaveFilter[] {
  const ext = nodePath.extname(fileName).slice(1).toLowerCase();
  const kind = KNOWN_SAVE_KINDS[ext];
  const all: SaveFilter = { name: allFilesLabel, extensions: ['*'] };
  return kind === undefined ? [all] : [{ name: kind, extensions: [ext] }, all];
}

export interface OpenDialogPlan {
  title: string;
  buttonLabel: string;
  properties: Array<'openFile' | 'openDirectory' | 'multiSelections'>;
  filters: SaveFilter[];
}

/**
 * The open dialog for each purpose: the files it may pick (the core checks their content anyway) and
 * whether it picks a folder. What the user picks becomes a token in the core, never a path in the page.
 */
export function openDialogFor(purpose: FilePurpose, multiple: boolean, text: Pick<ShellText, 'openTitle' | 'openButton' | 'openFilter' | 'allFiles'>): OpenDialogPlan {
  const all: SaveFilter = { name: text.allFiles, extensions: ['*'] };
  const plan = (properties: OpenDialogPlan['properties'], filters: SaveFilter[]): OpenDialogPlan => ({
    title: text.openTitle[purpose],
    buttonLabel: text.openButton,
    properties: multiple && properties.includes('openFile') ? [...properties, 'multiSelections'] : properties,
    filters,
  });
  switch (purpose) {
    case 'evidence':
      return plan(['openFile'], [{ name: text.openFilter.documents, extensions: EVIDENCE_DIALOG_EXTENSIONS }, all]);
    case 'evidenceFolder':
      return plan(['openDirectory'], []);
    case 'evidenceZip':
      return plan(['openFile'], [{ name: text.openFilter.zip, extensions: ['zip'] }]);
    case 'backup':
      return plan(['openFile'], [{ name: text.openFilter.backup, extensions: ['parbak'] }]);
    case 'evidenceBundle':
      return plan(['openFile'], [{ name: text.openFilter.evidenceBundle, extensions: ['parevd'] }]);
    case 'pkcs11Driver':
      return plan(['openFile'], [{ name: text.openFilter.driver, extensions: ['dll', 'so', 'dylib'] }, all]);
  }
}

const EVIDENCE_DIALOG_EXTENSIONS = ['pdf', 'png', 'jpg', 'jpeg', 'gif', 'webp', 'tif', 'tiff', 'doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx', 'odt', 'ods', 'odp', 'txt', 'csv', 'zip'];

// Names of evidence files and of bundle entries: what is refused and why, in Vietnamese. Files are
// stored by hash, never under these names, but the names are kept, shown and may be written out
// again later (export, "open with"), so they must be safe on every OS the council uses.

/** C0 and C1 control characters, DEL included (NUL is reported on its own). */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0001-\u001f\u007f-\u009f]/;
const WINDOWS_RESERVED_CHARS = /[<>:"|?*]/;
/** CON, PRN, AUX, NUL, COM1–9, LPT1–9 (Windows also honours the superscript digits), with or without extension. */
const DEVICE = /^(CON|PRN|AUX|NUL|CONIN\$|CONOUT\$|COM[1-9\u00b9\u00b2\u00b3]|LPT[1-9\u00b9\u00b2\u00b3])$/i;
const MAX_NAME_BYTES = 255;
/**
 * Invisible format characters (Unicode category Cf): the bidi overrides, embeddings, isolates and marks
 * (U+202A–202E, U+2066–2069, U+200E/F, U+061C), zero-width characters, the BOM, the soft hyphen… None
 * belongs in a file name, and the bidi ones make "hoa-don\u202Efdp.exe" show as "hoa-donexe.pdf".
 */
const INVISIBLE = /\p{Cf}/gu;

/**
 * The name every door keeps for a file (upload, open dialog, bundle entry, package link): NFC, with
 * the invisible format characters taken out, so what the reader sees is what the name is.
 */
export function cleanFileName(name: string): string {
  return name.normalize('NFC').replace(INVISIBLE, '');
}

/** A name as a reader can see it in a message: control characters as \xNN, invisible ones as <U+XXXX>. */
export function displayName(name: string): string {
  return (
    name
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
      .replace(INVISIBLE, (c) => `<U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}>`)
  );
}

/** Why one path segment (a file or folder name) is refused, or null. */
export function segmentProblem(segment: string): string | null {
  if (segment.includes('\u0000')) return 'tên chứa ký tự NUL';
  if (CONTROL.test(segment)) return 'tên chứa ký tự điều khiển';
  if (segment === '') return 'tên trống';
  if (segment === '..' || segment === '.') return 'đường dẫn chứa thành phần "..", có thể thoát ra ngoài thư mục';
  if (WINDOWS_RESERVED_CHARS.test(segment)) return 'tên chứa ký tự không được phép trên Windows (< > : " | ? *)';
  const base = segment.split('.')[0]!.trimEnd();
  if (DEVICE.test(base)) return `tên "${base.toUpperCase()}" là tên thiết bị dành riêng của Windows (CON, PRN, AUX, NUL, COM1–9, LPT1–9)`;
  if (/[. ]$/.test(segment)) return 'tên kết thúc bằng dấu chấm hoặc khoảng trắng';
  if (Buffer.byteLength(segment, 'utf8') > MAX_NAME_BYTES) return `tên dài quá ${MAX_NAME_BYTES} byte`;
  return null;
}

/** Why a single file's name (upload, file dialog) is refused, or null. */
export function fileNameProblem(name: string): string | null {
  if (name.includes('\u0000')) return 'tên chứa ký tự NUL';
  if (name.includes('/') || name.includes('\\')) return 'tên tệp không được chứa dấu "/" hoặc "\\"';
  return segmentProblem(name);
}

/**
 * Why a path inside a bundle (segments separated by "/", as a zip stores them) is refused, or null.
 * Escapes are checked before anything else, so the first reason given is the most serious one.
 */
export function entryPathProblem(path: string): string | null {
  if (path.includes('\u0000')) return 'tên chứa ký tự NUL';
  if (path.includes('\\')) return 'đường dẫn dùng dấu "\\" (kiểu Windows), có thể thoát ra ngoài thư mục';
  if (path.startsWith('/')) return 'là đường dẫn tuyệt đối, có thể ghi ra ngoài thư mục';
  if (/^[A-Za-z]:/.test(path)) return 'là đường dẫn tuyệt đối có tên ổ đĩa, có thể ghi ra ngoài thư mục';
  const segments = (path.endsWith('/') ? path.slice(0, -1) : path).split('/');
  if (segments.includes('..')) return 'đường dẫn chứa thành phần "..", có thể thoát ra ngoài thư mục';
  for (const segment of segments) {
    const problem = segmentProblem(segment);
    if (problem) return problem;
  }
  return null;
}

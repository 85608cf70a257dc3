/**
 * File and folder names made from data: readable Chinese stays, anything that could leave the
 * output folder or upset a file system (`/`, `\`, `..`, control characters, reserved Windows
 * names, leading dots) is replaced, and the name is cut to a safe length in bytes.
 * Characters a file system refuses become their full-width forms (`/` → `／`, `:` → `：` …), so
 * the name stays readable and `广州市/戊局` and `广州市_戊局` stay two names.
 */
const FULL_WIDTH: Readonly<Record<string, string>> = {
  '/': '／',
  '\\': '＼',
  ':': '：',
  '*': '＊',
  '?': '？',
  '"': '＂',
  '<': '＜',
  '>': '＞',
  '|': '｜',
};

const RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i;

/**
 * A safe file name for `name` + `ext` (ext like `.pdf`): the name is made safe and cut first, then
 * the extension added, so two formats of one long name never collapse into one file name.
 */
export function safeFileName(name: string, ext: string): string {
  return safeName(name) + ext;
}

export function safeName(name: string, fallback = '未命名'): string {
  let s = name
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .replace(/[\\/:*?"<>|]/g, (c) => FULL_WIDTH[c]!)
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '_')
    .replace(/[. ]+$/, '');
  if (s === '' || RESERVED.test(s)) s = s === '' ? fallback : `_${s}`;
  // Most file systems allow 255 bytes; keep room for an extension and a temp suffix.
  const enc = new TextEncoder();
  while (enc.encode(s).length > 200) s = Array.from(s).slice(0, -1).join('');
  return s;
}

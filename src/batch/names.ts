/**
 * Folder and file names of batch packets. Before util/names.ts's safeName replaces the characters
 * a file system refuses with `_`, they are swapped for their full-width forms (`/` → `／`,
 * `:` → `：` …): the name stays readable, and `广州市/戊局` and `广州市_戊局`, two different
 * departments, get two different folders instead of colliding on `广州市_戊局`.
 */
import { safeName } from '../util/names.ts';

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

/** A safe, readable folder or file name (without extension) for a department name or year. */
export function packetName(name: string): string {
  return safeName(name.replace(/[\\/:*?"<>|]/g, (c) => FULL_WIDTH[c]!));
}

/** A safe file name: the name made safe and cut first, then `ext` (like `.pdf`) added. */
export function packetFileName(name: string, ext: string): string {
  return packetName(name) + ext;
}

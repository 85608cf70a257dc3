/**
 * File-system failures in words. Users see 「是一个文件夹」 rather than `EISDIR`; the code stays
 * in the English text for a search or a bug report.
 */

const WORDS: Readonly<Record<string, readonly [zh: string, en: string]>> = {
  ENOENT: ['不存在', 'does not exist'],
  EISDIR: ['是一个文件夹，不是文件', 'is a folder, not a file'],
  ENOTDIR: ['路径中有一段是文件而不是文件夹', 'a part of the path is a file, not a folder'],
  EEXIST: ['已存在', 'already exists'],
  EACCES: ['没有权限', 'permission denied'],
  EPERM: ['操作不被允许', 'operation not permitted'],
  EROFS: ['位于只读文件系统上', 'is on a read-only file system'],
  ENOSPC: ['磁盘空间不足', 'no space left on the disk'],
  EDQUOT: ['超出磁盘配额', 'disk quota exceeded'],
  ENAMETOOLONG: ['文件名太长', 'the file name is too long'],
  EMFILE: ['打开的文件太多', 'too many open files'],
  EBUSY: ['正被占用', 'is busy (in use)'],
  ENOTEMPTY: ['文件夹不为空', 'the folder is not empty'],
  EXDEV: ['不能跨文件系统移动', 'cannot be moved across file systems'],
  EINVAL: ['路径无效', 'invalid path'],
  ELOOP: ['符号链接层数太多', 'too many levels of symbolic links'],
  EIO: ['读写出错（磁盘或网络故障）', 'input/output error'],
  EADDRINUSE: ['端口已被其他程序占用', 'the port is already in use'],
  EADDRNOTAVAIL: ['本机没有这个地址', 'the address is not available on this machine'],
};

/** `[zh, en]` words for an error from node:fs; unknown codes keep their message. */
export function errnoWords(e: unknown): readonly [zh: string, en: string] {
  const err = e as NodeJS.ErrnoException;
  const code = err?.code;
  const words = code ? WORDS[code] : undefined;
  if (words) return [words[0], `${words[1]} (${code})`];
  const msg = err?.message ?? String(e);
  return [`出错：${msg}`, msg];
}

/** Small shared pieces of the importers: dotted paths into plain data, notes, unplaced text. */

/** Something the importer tells the user; `look` = a person should check it. */
export interface Note {
  readonly look?: boolean;
  readonly path?: string;
  readonly zh: string;
  readonly en: string;
}

/** A paragraph (or table row) the importer could not place, with the heading it stood under. */
export interface Unplaced {
  readonly under: string;
  readonly text: string;
  readonly zh: string;
  readonly en: string;
}

const keys = (path: string) => path.split('.').map((k) => (/^\d+$/.test(k) ? Number(k) : k));

export function getPath(data: unknown, path: string): unknown {
  let cur: unknown = data;
  for (const k of keys(path)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[k];
  }
  return cur;
}

export function setPath(data: Record<string, unknown>, path: string, value: unknown): void {
  const ks = keys(path);
  let cur: Record<string | number, unknown> = data;
  ks.slice(0, -1).forEach((k, i) => {
    if (cur[k] === undefined || cur[k] === null || typeof cur[k] !== 'object') cur[k] = typeof ks[i + 1] === 'number' ? [] : {};
    cur = cur[k] as Record<string | number, unknown>;
  });
  cur[ks[ks.length - 1]!] = value;
}

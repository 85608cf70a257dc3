/**
 * Style presets (a format folder's styles.yaml): page set-ups and block styles by name, so a changed
 * font size, margin or page number style is a template edit, not a code change.
 * Lengths of pages are millimetres in the file and points in the model.
 */
import { z } from 'zod';
import { FONT_ROLES, type BlockStyle, type FontRole, type PageStyle } from '../document/model.ts';
import { mm } from '../document/geometry.ts';

const role = z.enum(FONT_ROLES as [FontRole, ...FontRole[]]);

const PageSchema = z.strictObject({
  size: z.tuple([z.number().positive(), z.number().positive()]).describe('[width, height] in mm'),
  margin: z.strictObject({ top: z.number(), right: z.number(), bottom: z.number(), left: z.number() }),
  grid: z.strictObject({ linesPerPage: z.number().int().positive(), charsPerLine: z.number().int().positive() }).optional(),
  pageNumbers: z.enum(['outer', 'center', 'none']),
  pageNumberFormat: z.string(),
  pageNumberFont: role,
  pageNumberSize: z.number().positive(),
  pageNumberGap: z.number().describe('mm below the type area'),
  pageNumberDocxStyleName: z.string().min(1).optional().describe('DOCX paragraph style of the page number'),
});

/** Vocabulary of balanced title breaks (see src/layout/title.ts). */
const TitleWordsSchema = z.strictObject({ ends: z.string(), starts: z.array(z.string().min(1)), words: z.array(z.string().min(1)) });

const StyleSchema = z.strictObject({
  font: role,
  size: z.number().positive(),
  bold: z.boolean().optional(),
  align: z.enum(['left', 'center', 'right', 'justify']),
  firstLineIndentChars: z.number().min(0).optional(),
  spaceBefore: z.number().min(0).optional(),
  spaceAfter: z.number().min(0).optional(),
  keepWithNext: z.boolean().optional(),
  lineHeight: z.number().positive().optional(),
  docxStyleName: z.string().min(1),
  titleWords: TitleWordsSchema.optional()
    .describe('title styles: word ends, likely line starts and words kept whole by balanced breaks'),
});

export const StylesFileSchema = z.strictObject({
  /** The shared title vocabulary, referenced from title styles by a YAML anchor (`titleWords: *titleWords`). */
  titleWords: TitleWordsSchema.optional(),
  /** East Asian font names written into DOCX, one per role (Word then uses the user's installed fonts). */
  docxFontNames: z.record(role, z.string().min(1)),
  pages: z.record(z.string(), PageSchema),
  styles: z.record(z.string(), StyleSchema),
});

export interface StylePresets {
  /** Page set-ups by name, in points. */
  readonly pages: Readonly<Record<string, PageStyle>>;
  /** Block styles by name. */
  readonly styles: Readonly<Record<string, BlockStyle>>;
  /** East Asian font names written into DOCX, per role. */
  readonly docxFontNames: Readonly<Record<FontRole, string>>;
}

export function toPresets(file: z.output<typeof StylesFileSchema>): StylePresets {
  const pages: Record<string, PageStyle> = {};
  for (const [name, p] of Object.entries(file.pages)) {
    pages[name] = {
      width: mm(p.size[0]),
      height: mm(p.size[1]),
      margin: { top: mm(p.margin.top), right: mm(p.margin.right), bottom: mm(p.margin.bottom), left: mm(p.margin.left) },
      ...(p.grid ? { grid: p.grid } : {}),
      pageNumbers: p.pageNumbers,
      pageNumberFormat: p.pageNumberFormat,
      pageNumberFont: p.pageNumberFont,
      pageNumberSize: p.pageNumberSize,
      pageNumberGap: mm(p.pageNumberGap),
      ...(p.pageNumberDocxStyleName ? { pageNumberDocxStyleName: p.pageNumberDocxStyleName } : {}),
    };
  }
  const styles: Record<string, BlockStyle> = {};
  for (const [name, s] of Object.entries(file.styles)) {
    styles[name] = Object.fromEntries(Object.entries(s).filter(([, v]) => v !== undefined)) as unknown as BlockStyle;
  }
  return { pages, styles, docxFontNames: file.docxFontNames };
}

/** Table layout: resolve the grid, measure rows, paginate with repeated group labels. (Stub; being written.) */
import type { LayoutTable } from './types.ts';

export const layoutTable: LayoutTable = () => {
  throw new Error('layoutTable: not implemented yet');
};

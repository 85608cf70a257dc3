// The package's JavaScript entry: runs the TypeScript sources through tsx's loader (no build step),
// so `import { parsePacket, checkPacket, render } from 'jixiao'` works from plain Node.
import { register } from 'tsx/esm/api';

register();
const lib = await import('./src/index.ts');

export const {
  parsePacket,
  readPacketFile,
  PacketSchema,
  checkPacket,
  INDICATOR_FRAMEWORK,
  formatDiagnostic,
  derive,
  formatAmount,
  formatPercent,
  JixiaoError,
  packetJsonSchema,
  starterPacket,
  render,
  PacketInvalidError,
} = lib;

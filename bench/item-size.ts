// The size of a DynamoDB item as DynamoDB bills it, for the one case where DynamoDB does not report
// the capacity a request consumed: a write refused by its condition, which is still billed.
// Rules: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html
import type { AttributeValue } from '@aws-sdk/client-dynamodb';

const utf8 = (text: string): number => Buffer.byteLength(text, 'utf8');

/** A number takes about one byte per two significant digits, plus one. */
function numberSize(text: string): number {
  const digits = text.replace(/^[-+]?0*|\.|e.*$/gi, '').replace(/0+$/, '');
  return Math.ceil(Math.max(1, digits.length) / 2) + 1;
}

function valueSize(value: AttributeValue): number {
  if (value.S !== undefined) return utf8(value.S);
  if (value.N !== undefined) return numberSize(value.N);
  if (value.B !== undefined) return value.B.byteLength;
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.SS !== undefined) return value.SS.reduce((size, s) => size + utf8(s), 0);
  if (value.NS !== undefined) return value.NS.reduce((size, n) => size + numberSize(n), 0);
  if (value.BS !== undefined) return value.BS.reduce((size, b) => size + b.byteLength, 0);
  // A list or a map costs 3 bytes besides its elements, and one byte per element.
  if (value.L !== undefined) return value.L.reduce((size, v) => size + valueSize(v) + 1, 3);
  if (value.M !== undefined) {
    return Object.entries(value.M).reduce(
      (size, [name, v]) => size + utf8(name) + valueSize(v) + 1,
      3,
    );
  }
  return 0;
}

/** Attribute names count, as do the values. */
export function itemSizeBytes(item: Record<string, AttributeValue>): number {
  return Object.entries(item).reduce(
    (size, [name, value]) => size + utf8(name) + valueSize(value),
    0,
  );
}

/** A standard write: one unit per started KB, at least one. */
export const writeUnits = (item: Record<string, AttributeValue> | undefined): number =>
  Math.max(1, Math.ceil((item ? itemSizeBytes(item) : 0) / 1024));

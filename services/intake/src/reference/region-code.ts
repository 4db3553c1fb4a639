// GB/T 2260 province-level prefixes; a code must be six (or nine) digits and start with one of them.
const PROVINCES = new Set([
  '11',
  '12',
  '13',
  '14',
  '15',
  '21',
  '22',
  '23',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '37',
  '41',
  '42',
  '43',
  '44',
  '45',
  '46',
  '50',
  '51',
  '52',
  '53',
  '54',
  '61',
  '62',
  '63',
  '64',
  '65',
  '71',
  '81',
  '82',
]);

/** A county-level code (6 digits), or a township/street code under it (9 digits, 乡镇街道). */
export function isValidRegionCode(code: string): boolean {
  return /^\d{6}(\d{3})?$/.test(code) && PROVINCES.has(code.slice(0, 2));
}

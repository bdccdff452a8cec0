/**
 * Code points that libidn2 2.3.3 (the build SA 4.0.1 runs with on Debian 12) refuses although the
 * Unicode data of this JavaScript engine would accept them: characters assigned after the
 * Unicode version of libidn2's tables (13.0 and later), and the few UTS #46 entries that are
 * `disallowed` for IDNA2003 compatibility (U+04C0, Georgian Asomtavruli U+10A0-10C5, U+2132,
 * U+2183, some CJK compatibility ideographs).
 *
 * WHY a list: it is what `idn2_to_ascii_8` answered, probed one code point at a time over
 * U+0080-U+3FFFF and U+E0000-U+E0FFF (`<cp>.com`); the derivation in idna-props.ts matches every
 * other code point of that range.
 */

/** Ranges as hex `start-end` (or a single code point), sorted. */
const RANGES_TEXT = [
  '4c0 870-887 889-88f 897-89f 8b5 8be-8d2 b55 c3c c5c-c5d cdc-cdd cf3 d04 d81 ece 10a0-10c5 170d',
  '1715 171f 1abf-1add 1ae0-1aeb 1b4c 1c89-1c8a 1dfa 2132 2183 2c2f 2c5f 31bb-31bf 4db6-4dbf',
  '9ff0-9fff a7c0-a7c1 a7c7-a7dc a7f1 a7f5-a7f6 a82c ab68 10570-1057a 1057c-1058a 1058c-10592',
  '10594-10595 10597-105a1 105a3-105b1 105b3-105b9 105bb-105bc 105c0-105f3 10780 1079c 1079f 107a1',
  '107a7 107b9-107ba 10940-10959 10d40-10d65 10d69-10d6d 10d6f-10d85 10e80-10ea9 10eab-10eac',
  '10eb0-10eb1 10ec2-10ec7 10efa-10eff 10f70-10f85 10fb0-10fc4 11070-11075 110c2 11147 111ce-111cf',
  '1123f-11241 11380-11389 1138b 1138e 11390-113b5 113b7-113c0 113c2 113c5 113c7-113ca 113cc-113d3',
  '113e1-113e2 11460-11461 116d0-116e3 11740-11746 11900-11906 11909 1190c-11913 11915-11916',
  '11918-11935 11937-11938 1193b-11943 11950-11959 11ab0-11abf 11b60-11b67 11bc0-11be0 11bf0-11bf9',
  '11db0-11ddb 11de0-11de9 11f00-11f10 11f12-11f3a 11f3e-11f42 11f50-11f5a 11fb0 12f90-12ff0 1342f',
  '13440-13455 13460-143fa 16100-16139 16a70-16abe 16ac0-16ac9 16d40-16d6c 16d70-16d79 16ea0-16eb8',
  '16ebb-16ed3 16fe4 16ff0-16ff3 187f8-187ff 18af3-18cd5 18cff-18d1e 18d80-18df2 1aff0-1aff3',
  '1aff5-1affb 1affd-1affe 1b11f-1b122 1b132 1b155 1ccd6-1ccf9 1cf00-1cf2d 1cf30-1cf46 1df00-1df1e',
  '1df25-1df2a 1e030-1e06d 1e08f 1e290-1e2ae 1e4d0-1e4f9 1e5d0-1e5fa 1e6c0-1e6de 1e6e0-1e6f5',
  '1e6fe-1e6ff 1e7e0-1e7e6 1e7e8-1e7eb 1e7ed-1e7ee 1e7f0-1e7fe 2a6d7-2a6df 2b735-2b73f 2cea2-2cead',
  '2ebf0-2ee5d 2f868 2f874 2f91f 2f95f 2f9bf 30000-3134a 31350-33479',
].join(' ');

const STARTS: number[] = [];
const ENDS: number[] = [];
for (const item of RANGES_TEXT.split(' ')) {
  const [a, b] = item.split('-');
  STARTS.push(parseInt(a!, 16));
  ENDS.push(parseInt(b ?? a!, 16));
}

/** Whether libidn2 2.3.3 treats the code point as unknown or disallowed outright. */
export function isRefusedByLibidn2(cp: number): boolean {
  let lo = 0;
  let hi = STARTS.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (cp < STARTS[mid]!) hi = mid - 1;
    else if (cp > ENDS[mid]!) lo = mid + 1;
    else return true;
  }
  return false;
}

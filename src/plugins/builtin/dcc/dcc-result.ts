/**
 * Reading DCC's X-DCC header the way DCC.pm's `check_dcc_result` does: the brand and the
 * metrics become the `_DCCB_` / `_DCCR_` tags, `many` counts as 999999 and `ok`/`ok2` as 0, and
 * the message is listed when a count reaches its `dcc_*_max` or the reputation reaches
 * `dcc_rep_percent`.
 */

/** The thresholds `check_dcc_result` compares against. */
export interface DccThresholds {
  bodyMax: number;
  fuz1Max: number;
  fuz2Max: number;
  repPercent: number;
  /** `use_dcc_rep`: whether `rep=` is read at all. */
  useRep: boolean;
}

/** What one X-DCC header says. */
export interface DccVerdict {
  /** `check_dcc`'s answer. */
  listed: boolean;
  /** The reputation percentage, or -1 when the header has none (or `use_dcc_rep` is off). */
  rep: number;
  /** Tags to set: `DCCB`, `DCCR` (from a `X-DCC-<brand>-Metrics:` header), `DCCREP`. */
  tags: ReadonlyMap<string, string>;
}

/** `check_dcc_result($pms, $x_dcc)`. */
export function dccVerdict(xDcc: string, t: DccThresholds): DccVerdict {
  const tags = new Map<string, string>();
  if (xDcc === '') return { listed: false, rep: -1, tags };
  // `.` and `$` without /m: the brand is the shortest run before "-Metrics: ", the metrics the
  // rest of the first line.
  const named = /^X-DCC-([^:]*?)-Metrics: ([^\n]*)(?=\n?$)/.exec(xDcc);
  if (named) {
    tags.set('DCCB', named[1]!);
    tags.set('DCCR', named[2]!);
  }
  const x = xDcc.replace(/many/gi, '999999').replace(/ok\d?/gi, '0');
  const count = (re: RegExp) => {
    const m = re.exec(x);
    return m ? Number(m[1]) : 0;
  };
  const body = count(/\bBody=(\d+)/);
  const fuz1 = count(/\bFuz1=(\d+)/);
  const fuz2 = count(/\bFuz2=(\d+)/);
  let rep = 0;
  let repOut = -1;
  if (t.useRep) {
    const m = /\brep=(\d+)/.exec(x);
    if (m) {
      rep = Number(m[1]);
      repOut = rep;
      tags.set('DCCREP', String(rep));
    }
  }
  const listed = body >= t.bodyMax || fuz1 >= t.fuz1Max || fuz2 >= t.fuz2Max || rep >= t.repPercent;
  return { listed, rep: repOut, tags };
}

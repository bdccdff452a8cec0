/**
 * Relative-URI resolution as HTML.pm does it (`target_uri`, `_parse_uri`,
 * `_remove_dot_segments`, `_merge_uri`): RFC 2396bis section 5.2 steps, non-strict (a
 * reference with the base's scheme is treated as relative), plus SA's own touch of giving
 * scheme-less `//www.x` and `//ftp.x` authorities an `http:`/`ftp:` scheme.
 */
import { perlTrue } from '../../perl/truth.js';

interface UriParts {
  scheme: string | undefined;
  authority: string | undefined;
  path: string;
  query: string | undefined;
  fragment: string | undefined;
}

function parseUri(u: string): UriParts {
  const m = /^(?:([^:/?#]+):)?(?:\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#([^\n]*))?/.exec(u)!;
  return { scheme: m[1], authority: m[2], path: m[3] ?? '', query: m[4], fragment: m[5] };
}

/**
 * `_remove_dot_segments` (RFC 3986 5.2.4 as HTML.pm writes it). SA rewrites `$input` and
 * `$output` with anchored substitutions; done the same way on JS strings every step re-copies
 * the rest of the path, quadratic on an 8 KB href of `/./` segments. Here the input is a
 * position in the path plus the `/` each dot-segment step puts back in front, and the output
 * a list of the pieces appended: each starts with `/` except perhaps the first, so SA's
 * `s@/?[^/]*$@@` (drop the last segment) is dropping the last piece, or all when it has no `/`.
 */
function removeDotSegments(path: string): string {
  const s = path.replace(/^\.\.?\//, '/');
  let pos = 0;
  // The input is '/' + s.slice(pos) while `slash` is set, else s.slice(pos).
  let slash = false;
  const out: string[] = [];
  const length = (): number => (slash ? 1 : 0) + s.length - pos;
  const at = (k: number): string | undefined => (slash ? (k === 0 ? '/' : s[pos + k - 1]) : s[pos + k]);
  // Perl's `$` (end, or before a final newline) at offset k of the input.
  const endAt = (k: number): boolean => k === length() || (k === length() - 1 && at(k) === '\n');
  const consume = (n: number): void => {
    if (slash && n > 0) {
      slash = false;
      n--;
    }
    pos += n;
  };
  // `while ($input)`: Perl truthiness, so an input of "0" also ends the loop.
  while (length() > 0 && !(length() === 1 && at(0) === '0')) {
    if (at(0) === '/' && at(1) === '.') {
      if (endAt(2) || at(2) === '/') {
        // s@^/\.(?:$|/)@/@
        consume(endAt(2) ? 2 : 3);
        slash = true;
        continue;
      }
      if (at(2) === '.' && (endAt(3) || at(3) === '/')) {
        // s@^/\.\.(?:$|/)@/@, then $output =~ s@/?[^/]*$@@
        consume(endAt(3) ? 3 : 4);
        slash = true;
        if (out.length > 0 && out[out.length - 1]!.startsWith('/')) out.pop();
        else out.length = 0;
        continue;
      }
    }
    // s@(/?[^/]*)@@; $output .= $1
    const lead = at(0) === '/' ? '/' : '';
    consume(lead.length);
    let end = s.indexOf('/', pos);
    if (end < 0) end = s.length;
    out.push(lead + s.slice(pos, end));
    pos = end;
  }
  return out.join('');
}

function mergeUri(baseAuthority: string | undefined, basePath: string, relPath: string): string {
  if (baseAuthority !== undefined && !perlTrue(basePath)) return '/' + relPath;
  const base = basePath.includes('/') ? basePath.slice(0, basePath.lastIndexOf('/') + 1) : '';
  return base + relPath;
}

/** `target_uri($base, $r)`: resolves `r` against `base` ('' when there is no `<base>`). */
export function targetUri(base: string, r: string): string {
  const rel = parseUri(r);
  const b = parseUri(base);
  if (rel.scheme !== undefined && b.scheme !== undefined && rel.scheme === b.scheme) rel.scheme = undefined;

  const t: UriParts = { scheme: undefined, authority: undefined, path: '', query: undefined, fragment: undefined };
  if (rel.scheme !== undefined) {
    t.scheme = rel.scheme;
    t.authority = rel.authority;
    t.path = removeDotSegments(rel.path);
    t.query = rel.query;
  } else {
    if (rel.authority !== undefined) {
      t.authority = rel.authority;
      t.path = removeDotSegments(rel.path);
      t.query = rel.query;
    } else {
      if (rel.path === '') {
        t.path = b.path;
        t.query = rel.query !== undefined ? rel.query : b.query;
      } else {
        t.path = rel.path.startsWith('/')
          ? removeDotSegments(rel.path)
          : removeDotSegments(mergeUri(b.authority, b.path, rel.path));
        t.query = rel.query;
      }
      t.authority = b.authority;
    }
    t.scheme = b.scheme;
  }
  t.fragment = rel.fragment;

  let result = '';
  if (perlTrue(t.scheme)) {
    result += t.scheme + ':';
  } else if (t.authority !== undefined) {
    // Not in the RFC: SA guesses a scheme for schemeless www./ftp. authorities.
    if (/^www\d*\./i.test(t.authority)) result += 'http:';
    else if (/^ftp\d*\./i.test(t.authority)) result += 'ftp:';
  }
  if (t.authority !== undefined) result += '//' + t.authority;
  result += t.path;
  if (t.query !== undefined) result += '?' + t.query;
  if (t.fragment !== undefined) result += '#' + t.fragment;
  return result;
}

/**
 * Relative-URI resolution as HTML.pm does it (`target_uri`, `_parse_uri`,
 * `_remove_dot_segments`, `_merge_uri`): RFC 2396bis section 5.2 steps, non-strict (a
 * reference with the base's scheme is treated as relative), plus SA's own touch of giving
 * scheme-less `//www.x` and `//ftp.x` authorities an `http:`/`ftp:` scheme.
 */

interface UriParts {
  scheme: string | undefined;
  authority: string | undefined;
  path: string;
  query: string | undefined;
  fragment: string | undefined;
}

/** Perl truthiness. */
function truthy(s: string | undefined): s is string {
  return s !== undefined && s !== '' && s !== '0';
}

function parseUri(u: string): UriParts {
  const m = /^(?:([^:/?#]+):)?(?:\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#([^\n]*))?/.exec(u)!;
  return { scheme: m[1], authority: m[2], path: m[3] ?? '', query: m[4], fragment: m[5] };
}

function removeDotSegments(path: string): string {
  let input = path.replace(/^\.\.?\//, '/');
  let output = '';
  while (truthy(input)) {
    let m: RegExpExecArray | null;
    if ((m = /^\/\.(?:(?=\n?$)|\/)/.exec(input))) {
      input = '/' + input.slice(m[0].length);
    } else if ((m = /^\/\.\.(?:(?=\n?$)|\/)/.exec(input))) {
      input = '/' + input.slice(m[0].length);
      // s@/?[^/]*$@@: drop the last segment and the slash before it
      output = output.slice(0, Math.max(0, output.lastIndexOf('/')));
    } else {
      m = /^\/?[^/]*/.exec(input)!;
      output += m[0];
      input = input.slice(m[0].length);
    }
  }
  return output;
}

function mergeUri(baseAuthority: string | undefined, basePath: string, relPath: string): string {
  if (baseAuthority !== undefined && !truthy(basePath)) return '/' + relPath;
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
  if (truthy(t.scheme)) {
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

/**
 * Storing a directive's value by its declared type, as `Conf::Parser::setup_default_code_cb`'s
 * `set_*` functions do (with the same validation and the same error kinds).
 */
import type { DirectiveSpec } from './directive-spec.js';
import type { SettingValue } from './parsed-config.js';

/** Why a value was refused: SA's `$MISSING_REQUIRED_VALUE` / `$INVALID_VALUE`. */
export type SettingError = 'missing' | 'invalid';

const NUMERIC = /^[+-]?\d+(?:\.\d*)?$/;
const DURATION = /^(\+?\d+(?:\.\d*)?)(?:[ \t\n\r\f\v]*([smhdw]))?$/i;
const UNIT: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

/** Splits like Perl's `split(/\s+/, $value, 2)` (leading whitespace produces an empty key). */
export function splitKeyValue(value: string): [string, string | undefined] {
  const m = /^(\S*)[ \t\n\r\f\v]+([\s\S]*)$/.exec(value);
  if (!m) return [value, undefined];
  return [m[1]!, m[2]!];
}

/** Perl's `split(/\s+/, $value)`: leading empty field kept, trailing ones dropped. */
export function splitWords(value: string): string[] {
  const parts = value.split(/[ \t\n\r\f\v]+/);
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/**
 * Applies one directive line to the settings table.
 * @returns an error kind when SA would refuse the line, else undefined.
 */
export function applySetting(
  settings: Map<string, SettingValue>,
  setting: string,
  spec: DirectiveSpec,
  value: string,
): SettingError | undefined {
  switch (spec.type) {
    case 'string':
      if (value === '') return 'missing';
      settings.set(setting, value);
      return undefined;
    case 'number':
      if (value === '') return 'missing';
      if (!NUMERIC.test(value)) return 'invalid';
      settings.set(setting, Number(value));
      return undefined;
    case 'bool': {
      if (value === '') return 'missing';
      const v = value.toLowerCase();
      if (v === 'yes' || v === '1') settings.set(setting, true);
      else if (v === 'no' || v === '0') settings.set(setting, false);
      else return 'invalid';
      return undefined;
    }
    case 'duration': {
      if (value === '') return 'missing';
      const m = DURATION.exec(value);
      if (!m) return 'invalid';
      settings.set(setting, Number(m[1]) * (m[2] ? UNIT[m[2].toLowerCase()]! : 1));
      return undefined;
    }
    case 'hash': {
      const [k, v] = splitKeyValue(value);
      if (v === undefined || v === '') return 'missing';
      let map = settings.get(setting);
      if (!(map instanceof Map)) settings.set(setting, (map = new Map<string, string>()));
      map.set(k, v);
      return undefined;
    }
    case 'template': {
      const m = /^"(.*?)"$/s.exec(value);
      const text = m ? m[1]! : value;
      const prev = settings.get(setting);
      settings.set(setting, (typeof prev === 'string' ? prev : '') + text + '\n');
      return undefined;
    }
    case 'noargs':
      if (value !== '') return 'invalid';
      // A `clear_*` directive that names another setting empties it (set_template_clear).
      if (spec.setting !== undefined) settings.set(spec.setting, '');
      return undefined;
    case 'list':
    case 'addrlist':
    case 'iplist': {
      if (value === '') return 'missing';
      const prev = settings.get(setting);
      const list = Array.isArray(prev) ? prev : [];
      list.push(...splitWords(value));
      settings.set(setting, list);
      return undefined;
    }
    case 'custom':
      return undefined;
  }
}

/** A setting's value, or the directive's declared default. */
export function settingOrDefault(
  settings: ReadonlyMap<string, SettingValue>,
  name: string,
  spec: DirectiveSpec | undefined,
): SettingValue | undefined {
  const v = settings.get(name);
  if (v !== undefined) return v;
  if (spec?.default === undefined) return undefined;
  if (spec.type === 'bool') return spec.default === 1 || spec.default === '1';
  return spec.default;
}

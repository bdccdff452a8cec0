/**
 * Each loaded plugin's settings, compiled once per rule set: the plugin's `settings` hook
 * reads the finished configuration (SA's plugins read `$conf` in `parse_config` and
 * `finish_parsing_end`) and its result is what the plugin's evals and hooks see as
 * `ctx.settings`. Nothing reads configuration lines at scan time.
 */
import type { Diagnostic } from '../config/diagnostics.js';
import type { DirectiveOccurrence, SettingValue } from '../config/parsed-config.js';
import { coreDirective } from '../config/directive-table.js';
import { settingOrDefault } from '../config/settings.js';
import type { MessageConfig } from '../message/message-config.js';
import { pluginDirective } from '../plugins/define-plugin.js';
import { memoIn } from '../plugins/memo.js';
import type { Plugin, PluginSettingsApi } from '../plugins/types.js';
import type { Rule } from './rule.js';

/** What the settings hooks read. */
export interface PluginSettingsInput {
  readonly plugins: readonly Plugin[];
  readonly pluginsLoaded: readonly string[];
  readonly settings: ReadonlyMap<string, SettingValue>;
  readonly directives: readonly DirectiveOccurrence[];
  readonly rules: ReadonlyMap<string, Rule>;
  readonly messageConfig: MessageConfig;
}

/**
 * Runs every loaded plugin's `settings` hook, in load order. Problems the hooks report are
 * pushed to `diagnostics` with their line's file and number; a hook that throws is an error
 * diagnostic and leaves that plugin's settings undefined.
 * @returns the settings by plugin (plugins without a hook are absent)
 */
export function compilePluginSettings(input: PluginSettingsInput, diagnostics: Diagnostic[]): ReadonlyMap<Plugin, unknown> {
  const out = new Map<Plugin, unknown>();
  if (!input.plugins.some((p) => p.settings)) return out;
  // each directive's lines with their place in the configuration, indexed on first use
  let byName: Map<string, { at: number; line: DirectiveOccurrence }[]> | undefined;
  let evalToRule: Map<string, string[]> | undefined;
  const loaded = new Set(input.pluginsLoaded);
  const api: PluginSettingsApi = {
    lines: (...names) => {
      if (!byName) {
        byName = new Map();
        input.directives.forEach((line, at) => {
          const list = byName!.get(line.name);
          if (list) list.push({ at, line });
          else byName!.set(line.name, [{ at, line }]);
        });
      }
      // the distinct names asked for (a pattern is tested once per distinct directive name),
      // their lines merged back into configuration order
      const picked = new Set<string>();
      for (const n of names) {
        if (typeof n === 'string') picked.add(n);
        else for (const name of byName.keys()) if (n.test(name)) picked.add(name);
      }
      const found = [...picked].flatMap((n) => byName!.get(n) ?? []);
      if (picked.size > 1) found.sort((a, b) => a.at - b.at);
      return found.map((f) => f.line);
    },
    setting: (name) => {
      const v = input.settings.get(name);
      if (v !== undefined) return v;
      for (const p of input.plugins) {
        const spec = pluginDirective(p, name);
        if (spec) return settingOrDefault(input.settings, name, spec);
      }
      return settingOrDefault(input.settings, name, coreDirective(name));
    },
    values: input.settings,
    isLoaded: (name) => loaded.has(name),
    rules: input.rules,
    rulesCalling: (fn) => {
      if (!evalToRule) {
        evalToRule = new Map();
        for (const r of input.rules.values()) {
          if (!r.eval) continue;
          const list = evalToRule.get(r.eval.fn);
          if (list) list.push(r.name);
          else evalToRule.set(r.eval.fn, [r.name]);
        }
      }
      return evalToRule.get(fn) ?? [];
    },
    tlds: input.messageConfig.tlds,
    messageConfig: input.messageConfig,
    memo: memoIn(new Map()),
    report: (line, severity, message) => {
      diagnostics.push({ severity, code: 'invalid-value', message, file: line.source.file, line: line.source.line });
    },
  };
  for (const p of input.plugins) {
    if (!p.settings || out.has(p)) continue;
    try {
      out.set(p, p.settings(api));
    } catch (e) {
      diagnostics.push({ severity: 'error', code: 'internal', message: `${p.name} settings failed: ${e instanceof Error ? e.message : String(e)}` });
    }
  }
  return out;
}

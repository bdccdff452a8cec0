/** Channel names, DNS names, versions: as sa-update computes them. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  channelDirName,
  installedVersion,
  isValidChannel,
  parseChannelFile,
  versionFromInstallFile,
  versionFromTxt,
  versionQueryName,
} from '../../src/update/channel.js';

describe('channels', () => {
  it('are stored under a name with every run of other characters made one underscore', () => {
    expect(channelDirName('updates.spamassassin.org')).toBe('updates_spamassassin_org');
    expect(channelDirName('sought.rules.yerp.org')).toBe('sought_rules_yerp_org');
    expect(channelDirName('a..b-c')).toBe('a_b-c');
  });

  it('are looked up under the reversed SpamAssassin version', () => {
    expect(versionQueryName('updates.spamassassin.org')).toBe('1.0.4.updates.spamassassin.org');
  });

  it('are read from a channel file without comments or blanks, lower-cased', () => {
    expect(parseChannelFile('# mine\nUpdates.SpamAssassin.org  \n\n  sought.rules.yerp.org # extra\n')).toEqual([
      'updates.spamassassin.org',
      'sought.rules.yerp.org',
    ]);
  });

  it('must be made of letters, digits, dots, dashes and underscores', () => {
    expect(isValidChannel('updates.spamassassin.org')).toBe(true);
    expect(isValidChannel('../etc')).toBe(false);
    expect(isValidChannel('a b')).toBe(false);
  });
});

describe('versions', () => {
  it('come from the leading digits of the TXT answer', () => {
    expect(versionFromTxt(['1919000'])).toBe(1919000);
    expect(versionFromTxt(['3.3.3'])).toBe(3);
    expect(versionFromTxt(['none'])).toBeUndefined();
    expect(versionFromTxt([])).toBeUndefined();
  });

  it('of an install file are its last run of 3+ digits', () => {
    expect(versionFromInstallFile('/tmp/1919000.tar.gz')).toBe('1919000');
    expect(versionFromInstallFile('/srv/v123/rules-4567.tgz')).toBe('4567');
    expect(versionFromInstallFile('rules-12.tgz')).toBeUndefined();
  });

  it('installed are read from the # UPDATE header of the channel .cf file, else -1', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'spamscore-channel-'));
    const cf = path.join(dir, 'updates_spamassassin_org.cf');
    expect(installedVersion(cf)).toBe(-1);
    writeFileSync(cf, '# UPDATE version 1919000\ninclude updates_spamassassin_org/10_default_prefs.cf\n');
    expect(installedVersion(cf)).toBe(1919000);
    writeFileSync(cf, 'include x.cf\n# UPDATE version 5\n');
    expect(installedVersion(cf)).toBe(-1);
    rmSync(dir, { recursive: true, force: true });
  });
});

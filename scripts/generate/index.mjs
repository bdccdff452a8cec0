// The data-file generators, by the name of their file in this folder. Each module exports
// `target` (the file it writes, from the repository root), `needs` (the Perl modules it reads),
// `generate()` (the file's text) and may export `skipReason(committedText)` (why the committed
// file cannot be checked on this machine, e.g. another Unicode version). run.mjs runs them; test/generated/data-files.test.ts checks
// that every committed file is what its generator makes.
import * as catalog from './catalog.mjs';
import * as cjkOverrides from './cjk-overrides.mjs';
import * as directiveTable from './directive-table.mjs';
import * as entityTable from './entity-table.mjs';
import * as idnaRefused from './idna-refused.mjs';
import * as userConfigAccess from './user-config-access.mjs';

/** Every generator, by its name. */
export const GENERATORS = {
  'directive-table': directiveTable,
  catalog,
  'cjk-overrides': cjkOverrides,
  'entity-table': entityTable,
  'idna-refused': idnaRefused,
  'user-config-access': userConfigAccess,
};

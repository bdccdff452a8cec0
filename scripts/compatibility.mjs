// npm run compatibility: regenerates docs/compatibility.md from the registry (needs dist/).
import { writeFileSync } from 'node:fs';
import { compatibilityMarkdown } from '../dist/compatibility.js';
writeFileSync(new URL('../docs/compatibility.md', import.meta.url), compatibilityMarkdown());
console.log('docs/compatibility.md written');

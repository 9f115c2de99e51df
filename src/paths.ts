/**
 * Files the platform reads at run time (SQL migrations, built-in catalogue data), located from the
 * package root. This module sits one level below the root both as source (src/paths.ts) and in the
 * bundle `npm start` runs (dist/yima.js), so one rule finds the root either way.
 */
import { fileURLToPath } from 'node:url';

export const PACKAGE_ROOT = fileURLToPath(new URL('../', import.meta.url));

/** An absolute path to `relative` inside the package, e.g. `asset('src/db/migrations/')`. */
export const asset = (relative: string): string => PACKAGE_ROOT + relative;

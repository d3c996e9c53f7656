// Mocha reporter: the usual spec output, plus a per-suite JSON summary written to
// $MOSAIC_TEST_RESULTS_DIR so tools/test-all.sh can total every suite in one line.
// CommonJS because mocha loads custom reporters with require().
const { spec: Spec } = require('mocha/lib/reporters/index.cjs');
const fs = require('node:fs');
const path = require('node:path');

class SummaryReporter extends Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once('end', () => {
      const dir = process.env.MOSAIC_TEST_RESULTS_DIR;
      if (!dir) return;
      // Nx runs each project's mocha in the project root, where project.json names the suite.
      let suite = path.basename(process.cwd());
      try {
        suite = JSON.parse(fs.readFileSync(path.join(process.cwd(), 'project.json'), 'utf8')).name ?? suite;
      } catch {
        // not an Nx project root: keep the folder name
      }
      const { passes = 0, failures = 0, pending = 0 } = runner.stats ?? {};
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(
        path.join(dir, `${suite}.json`),
        JSON.stringify({ suite, passes, failures, pending }) + '\n',
      );
    });
  }
}

module.exports = SummaryReporter;

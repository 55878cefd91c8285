import { defineConfig } from "vitest/config";

// Integration tests start the CLI as a process (about a second each on a 2-core machine) and
// servers on loopback ports; vitest's 5 s default then measures the machine's load, not the code.
// Speed is measured by `npm run bench`, never asserted by a test's timeout.
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});

// ESLint for the site's own browser scripts (npx eslint, run by scripts/test.sh).
// They are classic scripts, not modules: each is an IIFE that sets its globals on window; some
// (filters.js, doorverwijzen.js, tijden.js, zoektermen.js) also export to Node through
// module.exports for the tests.
// templates/assets/vendor/ holds third-party files as published, not linted.
"use strict";

const js = require("@eslint/js");
const globals = require("globals");

module.exports = [
  {
    // Only the site's own scripts: not the vendored ones, nor what installs or builds put in the checkout.
    ignores: ["templates/assets/vendor/**", "node_modules/**", ".venv/**", "site/**", "site-partners/**",
              ".site-*/**", "bench/work/**"],
  },
  {
    files: ["templates/assets/**/*.js"],
    ...js.configs.recommended,
    languageOptions: {
      ecmaVersion: 2020,
      sourceType: "script",
      globals: { ...globals.browser, module: "readonly" },
    },
  },
  {
    files: ["eslint.config.js"],
    languageOptions: { sourceType: "commonjs", globals: globals.node },
  },
];

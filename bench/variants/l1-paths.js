'use strict';
// (b') the floor (b) at the library's construct paths: the same raw L1 resources and hand-written policies, each at
// the path the library gives it (`Model0/Role/DefaultPolicy/Resource`, `Endpoint0/VerifyRollout/Default`, ...), so
// that the logical IDs are the library's. What nesting alone costs: bench/ladder.js.
const l1 = require('./l1');

function build(app, n) {
  l1.build(app, n, { libraryPaths: true });
}

module.exports = { build };

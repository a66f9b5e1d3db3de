'use strict';
// naudiodon requires segfault-handler and calls registerHandler('crash.log').
// The real package is a NAN addon (ABI-bound, not Node-API), so it cannot load
// in Electron. These no-ops keep naudiodon's index.js loadable everywhere.
module.exports = {
  registerHandler() {},
  causeSegfault() {},
  printStackTrace() {},
};

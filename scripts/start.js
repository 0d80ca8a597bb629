#!/usr/bin/env node
// `npm start` builds, then runs this: the compiled API, which also serves the built studio.
require('../api/dist/main.js');

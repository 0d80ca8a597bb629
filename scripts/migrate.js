#!/usr/bin/env node
require('../api/dist/migrate.js');

#!/usr/bin/env node
import { launch } from './launch.mjs';

await launch('../services/cli/main.ts');

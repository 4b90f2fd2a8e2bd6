#!/usr/bin/env node
import { launch } from './launch.mjs';

await launch('../services/demo/main.ts');

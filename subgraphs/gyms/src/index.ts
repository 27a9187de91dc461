import { runMain } from '@clmb/common';
import { loadConfig } from './config';
import { startService } from './service';

runMain(() => startService(loadConfig(process.env)));

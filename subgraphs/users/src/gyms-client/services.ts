import type { Logger } from '@clmb/common';
import type { Config } from '../config';
import type { Services } from '../context';
import { createGradeSystemCache } from './grade-system-cache';
import { createGymsClient } from './gyms-client';

/**
 * The gyms subgraph as this service asks it: a client per client request (whose id goes along),
 * and the grade systems, kept for a minute.
 */
export function gymsServices(config: Pick<Config, 'gymsUrl' | 'subgraphSecret'>, logger: Logger): Pick<Services, 'gymsFor' | 'gradeSystems'> {
  const gymsFor = (requestId?: string) => createGymsClient(config.gymsUrl, logger, config.subgraphSecret, requestId);
  return { gymsFor, gradeSystems: createGradeSystemCache(gymsFor()) };
}

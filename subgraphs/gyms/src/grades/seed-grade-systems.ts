import type { Discipline } from '@clmb/drizzle/gyms';

/**
 * The demo grade systems and clmb's conversion charts, easiest grade first: each grade with its
 * value on its discipline's difficulty scale (docs/api.md, "Grades and conversion"). One scale
 * step of 10 is one row of the published charts (Font for boulders; YDS, French and UIAA for
 * rope); a grade the charts equate with two grades of a finer system sits halfway between them
 * (V4 = 6B/6B+ is 175). migrations/0002_grades_walls.sql backfills existing systems from these.
 */
interface DemoGradeSystem {
  name: string;
  description: string;
  discipline: Discipline;
  grades: [value: string, scale: number][];
}

/** Grades one chart row (10) apart from `first` upward. */
const steps = (first: number, values: string[]): [string, number][] => values.map((value, i) => [value, first + i * 10]);
const letters = (numbers: number[], suffixes: string[]) => numbers.flatMap((n) => suffixes.map((s) => `${n}${s}`));

export const demoGradeSystems: DemoGradeSystem[] = [
  {
    name: 'V-scale',
    description: 'Hueco bouldering grades, VB (basic) to V17.',
    discipline: 'BOULDER',
    grades: [['VB', 100], ['V0', 115], ['V1', 130], ['V2', 140], ['V3', 155], ['V4', 175], ['V5', 195], ['V6', 210], ['V7', 220], ['V8', 235],
      ...steps(250, ['V9', 'V10', 'V11', 'V12', 'V13', 'V14', 'V15', 'V16', 'V17'])],
  },
  {
    name: 'YDS',
    description: 'Yosemite Decimal System for roped climbs; letter subdivisions from 5.10.',
    discipline: 'ROPE',
    grades: [['5.5', 100], ['5.6', 115], ['5.7', 135], ['5.8', 150], ['5.9', 165],
      ...steps(180, letters([10, 11, 12, 13, 14, 15], ['a', 'b', 'c', 'd']).map((g) => `5.${g}`))],
  },
  {
    name: 'Font',
    description: 'Fontainebleau bouldering grades, 3 to 9A.',
    discipline: 'BOULDER',
    grades: steps(100, ['3', '4', '4+', '5', '5+', ...letters([6, 7, 8], ['A', 'A+', 'B', 'B+', 'C', 'C+']), '9A']),
  },
  {
    name: 'French',
    description: 'French sport-climbing grades, 4a to 9c.',
    discipline: 'ROPE',
    grades: [['4a', 100], ['4b', 115], ['4c', 135], ['5a', 150], ['5b', 160], ['5c', 170], ...steps(180, ['6a', '6a+', '6b', '6b+']), ['6c', 225],
      ...steps(240, ['6c+', ...letters([7, 8], ['a', 'a+', 'b', 'b+', 'c', 'c+']), '9a', '9a+', '9b', '9b+', '9c'])],
  },
  {
    name: 'UIAA',
    description: 'UIAA grades for roped climbs, common in the Alps and Germany, IV to XII+.',
    discipline: 'ROPE',
    grades: [...steps(100, ['IV', 'IV+', 'V-', 'V', 'V+', 'VI-']), ['VI', 165], ['VI+', 180], ['VII-', 190], ['VII', 200], ['VII+', 215], ['VIII-', 230],
      ['VIII', 240], ['VIII+', 255], ['IX-', 270], ['IX', 280], ['IX+', 295], ['X-', 310], ['X', 320], ['X+', 335], ['XI-', 350], ['XI', 360],
      ['XI+', 375], ['XII-', 390], ['XII', 400], ['XII+', 410]],
  },
];

export type DemoSystemName = 'V-scale' | 'YDS' | 'Font' | 'French' | 'UIAA';

/** Demo grade systems for a fresh development database: the four DESIGN names, easiest grade first. */

const letters = (numbers: number[], suffixes: string[]) => numbers.flatMap((n) => suffixes.map((s) => `${n}${s}`));

export const demoGradeSystems = [
  {
    name: 'V-scale',
    description: 'Hueco bouldering grades, VB (basic) to V17.',
    grades: ['VB', ...Array.from({ length: 18 }, (_, i) => `V${i}`)],
  },
  {
    name: 'YDS',
    description: 'Yosemite Decimal System for roped climbs; letter subdivisions from 5.10.',
    grades: ['5.5', '5.6', '5.7', '5.8', '5.9', ...letters([10, 11, 12, 13, 14, 15], ['a', 'b', 'c', 'd']).map((g) => `5.${g}`)],
  },
  {
    name: 'Font',
    description: 'Fontainebleau bouldering grades, 3 to 9A.',
    grades: ['3', '4', '4+', '5', '5+', ...letters([6, 7, 8], ['A', 'A+', 'B', 'B+', 'C', 'C+']), '9A'],
  },
  {
    name: 'French',
    description: 'French sport-climbing grades, 4a to 9c.',
    grades: [...letters([4, 5], ['a', 'b', 'c']), ...letters([6, 7, 8], ['a', 'a+', 'b', 'b+', 'c', 'c+']), '9a', '9a+', '9b', '9b+', '9c'],
  },
];

export type DemoSystemName = (typeof demoGradeSystems)[number]['name'];

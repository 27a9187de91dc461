/** Demo gyms for a fresh development database: real cities, made-up gyms, example.* contacts. */
import type { DemoSystemName } from '../grades/seed-grade-systems';

/** `[colour, grade, name?, stripped?]`; routes are set a few days apart, the first one newest. */
type DemoRoute = [colour: string, grade: string, name?: string | null, stripped?: boolean];

interface DemoGym {
  name: string;
  slug: string;
  address: string;
  city: string;
  country: string;
  latitude: number;
  longitude: number;
  phone: string | null;
  email: string | null;
  website: string | null;
  description: string;
  system: DemoSystemName;
  /** The gym's walls; its routes are spread over them in turn. */
  walls: string[];
  routes: DemoRoute[];
}

export const demoGyms: DemoGym[] = [
  {
    name: 'Kreuzberg Boulderhalle',
    slug: 'kreuzberg-boulderhalle',
    address: 'Ohlauer Straße 38, 10999 Berlin',
    city: 'Berlin',
    country: 'Germany',
    latitude: 52.495_421,
    longitude: 13.428_107,
    phone: '+49 30 6120 4455',
    email: 'hallo@kreuzberg-boulderhalle.example',
    website: 'https://kreuzberg-boulderhalle.example',
    description: 'Bouldering in a former tram depot by the Landwehr canal, with a café and a kids’ wall.',
    system: 'Font',
    walls: ['Tram Hall', 'Cave', 'Slab'],
    routes: [
      ['yellow', '4+', 'Spätkauf'],
      ['green', '5+', 'Görli Traverse'],
      ['blue', '6A', null],
      ['red', '6B+', 'Kanalkante'],
      ['black', '7A', 'Mauerpark'],
      ['purple', '6C', 'Wrangelkiez'],
      ['white', '7B+', 'Tempelhof', true],
      ['orange', '5', null, true],
    ],
  },
  {
    name: 'Steel City Walls',
    slug: 'steel-city-walls',
    address: 'Unit 4, Mowbray Street, Sheffield S3 8EN',
    city: 'Sheffield',
    country: 'United Kingdom',
    latitude: 53.392_134,
    longitude: -1.470_512,
    phone: '+44 114 275 0912',
    email: 'info@steelcitywalls.example',
    website: 'https://steelcitywalls.example',
    description: 'A grit-inspired bouldering centre ten minutes from the Peak District edges.',
    system: 'V-scale',
    walls: ['The Grit Wall', 'Competition Wall'],
    routes: [
      ['white', 'VB', 'Warm-up Jug'],
      ['green', 'V1', null],
      ['blue', 'V3', 'Stanage Slab'],
      ['red', 'V4', 'Burbage Crimp'],
      ['black', 'V6', 'Careless Torque'],
      ['pink', 'V8', 'The Dyno'],
      ['yellow', 'V2', 'Kelham Island', true],
    ],
  },
  {
    name: 'Flatirons Climbing Center',
    slug: 'flatirons-climbing-center',
    address: '2845 Valmont Road, Boulder, CO 80301',
    city: 'Boulder',
    country: 'United States',
    latitude: 40.026_843,
    longitude: -105.252_631,
    phone: '+1 303 555 0147',
    email: 'front-desk@flatironsclimbing.example',
    website: 'https://flatironsclimbing.example',
    description: 'Lead and top-rope walls up to 15 m, auto-belays and a training room, at the foot of the Flatirons.',
    system: 'YDS',
    walls: ['Lead Wall', 'Top-rope Bay', 'Arête'],
    routes: [
      ['green', '5.7', 'First Flatiron'],
      ['blue', '5.9', 'Chautauqua'],
      ['orange', '5.10b', 'Eldo Arete'],
      ['red', '5.11a', 'Rincon'],
      ['black', '5.12c', 'Bastille Crack'],
      ['purple', '5.10d', null],
      ['yellow', '5.8', 'Pearl Street'],
      ['white', '5.13a', 'Genesis', true],
      ['pink', '5.6', null, true],
    ],
  },
  {
    name: 'Bleau Bloc',
    slug: 'bleau-bloc',
    address: '12 Rue de la Paroisse, 77300 Fontainebleau',
    city: 'Fontainebleau',
    country: 'France',
    latitude: 48.404_675,
    longitude: 2.701_620,
    phone: '+33 1 60 72 18 40',
    email: 'contact@bleaubloc.example',
    website: 'https://bleaubloc.example',
    description: 'Rainy-day training for the forest: sandstone-shaped holds and circuits by colour.',
    system: 'Font',
    walls: ['Forest Room', 'Roof'],
    routes: [
      ['yellow', '3', 'Circuit Jaune'],
      ['orange', '4+', 'Bas Cuvier'],
      ['blue', '5+', 'Apremont'],
      ['red', '6A+', 'La Marie-Rose'],
      ['black', '7A', 'Cul de Chien'],
      ['white', '7C', 'Elephant'],
      ['green', '6B', 'Franchard', true],
    ],
  },
  {
    name: 'Mur de Belleville',
    slug: 'mur-de-belleville',
    address: '45 Rue de Belleville, 75019 Paris',
    city: 'Paris',
    country: 'France',
    latitude: 48.872_291,
    longitude: 2.380_647,
    phone: '+33 1 42 08 77 31',
    email: 'bonjour@murdebelleville.example',
    website: 'https://murdebelleville.example',
    description: 'Sport-climbing hall with 18 m lead walls under a glass roof in the 19th arrondissement.',
    system: 'French',
    walls: ['Glass Roof', 'Vertical'],
    routes: [
      ['green', '5a', 'Buttes-Chaumont'],
      ['blue', '5c', null],
      ['yellow', '6a', 'Canal Saint-Martin'],
      ['red', '6b+', 'Ménilmontant'],
      ['black', '7a', 'Père Lachaise'],
      ['purple', '7b+', 'Jourdain'],
      ['white', '8a', 'La Villette'],
      ['orange', '6c', 'Pyrénées', true],
      ['pink', '4c', null, true],
    ],
  },
];

/** Input of the pure classifier: what an article says, no I/O needed. */
export interface ClassifyInput {
  id?: string;
  title: string;
  text: string;
  url?: string;
  /** ISO date the article was published, when known. */
  published?: string;
}

/** Where in the article a phrase fired. */
export type Zone = 'title' | 'lead' | 'body';

/** One phrase that fired for a category, with enough context for a reader to check the label. */
export interface Evidence {
  term: string;
  where: Zone;
  snippet: string;
  weight: number;
}

export interface CategoryResult {
  name: string;
  /** In [0, 1]. */
  score: number;
  applies: boolean;
  evidence: Evidence[];
}

/** Killed/injured split by who they were, when the text separates them. */
export interface CasualtyBreakdown {
  security?: number;
  civilians?: number;
  militants?: number;
  unspecified?: number;
}

export interface Casualties {
  killed: number | null;
  injured: number | null;
  /** True when the text gives only a vague amount ("dozens", "several"), so the figure is null. */
  killedVague?: boolean;
  injuredVague?: boolean;
  killedBreakdown?: CasualtyBreakdown;
  injuredBreakdown?: CasualtyBreakdown;
  /** The sentence(s) the figures were read from. */
  evidence?: string[];
}

export interface Place {
  name: string;
  /** Province or region (Khyber Pakhtunkhwa, Balochistan, Nangarhar…); for a province, itself. */
  province: string | null;
  country: 'Pakistan' | 'Afghanistan' | string;
  lat: number;
  lon: number;
  kind: 'province' | 'district' | 'town' | 'crossing' | 'region' | 'city' | string;
  /**
   * The unit an incident here is counted in, when it differs from `name`: a town's or crossing's
   * district (Mir Ali → North Waziristan, Torkham → Khyber), an Afghan district's province (Barmal → Paktika).
   */
  district?: string;
}

export interface Actor {
  /** Canonical name, e.g. "TTP", "Afghan Taliban", "ISPR". */
  name: string;
  kind: 'militant' | 'state' | 'government' | 'international' | string;
  /** The spellings that occurred in the text. */
  mentions: string[];
}

export interface Claim {
  type: 'claimed' | 'denied' | 'blamed';
  /** Who claimed, denied or blamed (canonical actor name). */
  actor: string;
  /** For "blamed": who was blamed, when named. */
  target?: string;
  snippet: string;
}

export interface Classification {
  relevant: boolean;
  relevance: number;
  /** Every category of the profile, applying or not (the CLI prints only those that apply). */
  categories: CategoryResult[];
  casualties: Casualties;
  /** The incident's place first, then other places named, most relevant first. */
  locations: Place[];
  actors: Actor[];
  claims: Claim[];
}

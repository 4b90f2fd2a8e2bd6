// Word lists the casualty reader uses: what counts as a death or injury verb, who the victims are, and
// which nouns after a number mean it is not a count of people. Kept apart from the logic so the tables
// can grow without touching the parser.

/** Words after a count that make it a death ("7 soldiers were martyred", "20 dead"). */
export const KILL_AFTER = new Set([
  'killed', 'dead', 'died', 'die', 'martyred', 'slain', 'perished', 'neutralised', 'neutralized',
  'eliminated', 'gunned', 'succumbed', 'lost', 'embraced', 'sent', 'murdered', 'beheaded', 'executed',
  'lifeless', 'fatalities', 'deaths', 'kills', 'killing', 'martyrdom', 'shahadat', 'massacred',
]);

/** Words after a count that make it an injury ("13 others injured"). */
export const INJURE_AFTER = new Set(['injured', 'wounded', 'hurt', 'sustained', 'injuries', 'injuring', 'wounding']);

/** Active verbs directly before a count ("the blast killed 12", "injuring 13 others"). */
export const KILL_BEFORE = new Set([
  'killed', 'killing', 'kill', 'kills', 'martyring', 'martyred', 'neutralised', 'neutralized', 'neutralising',
  'neutralizing', 'eliminated', 'eliminating', 'sent', 'slew', 'claimed', 'left', 'leaving', 'murdered',
  'deaths', 'fatalities', 'martyrdom', 'bodies',
]);
export const INJURE_BEFORE = new Set(['injured', 'injuring', 'injures', 'wounded', 'wounding', 'wounds', 'injuries']);

/** Words allowed between an active verb or a list connector and the count ("killing at least 12"). */
export const QUALIFIERS = new Set([
  'at', 'least', 'more', 'than', 'over', 'nearly', 'around', 'about', 'some', 'as', 'many', 'up', 'to',
  'approximately', 'roughly', 'an', 'estimated', 'close', 'another', 'only', 'almost', 'just', 'a', 'total',
  'of', 'the', 'lives', 'all', 'further', 'additional', 'still', 'no', 'fewer', 'below', 'under',
]);

export const SECURITY = new Set([
  'soldier', 'soldiers', 'troops', 'troop', 'personnel', 'policemen', 'policeman', 'police', 'officers',
  'officer', 'constables', 'constable', 'cops', 'cop', 'jawans', 'jawan', 'sepoys', 'sepoy', 'levies',
  'guards', 'guard', 'commandos', 'commando', 'fc', 'servicemen', 'army', 'military', 'paramilitaries',
  'paramilitary', 'rangers', 'cadets', 'major', 'captain', 'lieutenant', 'security', 'havildar', 'naik',
  'lance', 'subedar', 'sepahi', 'frontier', 'corps', 'ctd', 'forces', 'guardsmen', 'pilots', 'crew', 'firefighters', 'rescuers', 'wardens',
]);
export const CIVILIANS = new Set([
  'civilians', 'civilian', 'passengers', 'passenger', 'children', 'child', 'women', 'woman', 'worshippers',
  'worshipers', 'students', 'student', 'labourers', 'laborers', 'labourer', 'laborer', 'workers', 'worker',
  'pedestrians', 'pedestrian', 'bystanders', 'bystander', 'villagers', 'villager', 'residents', 'resident',
  'tribesmen', 'elders', 'elder', 'teachers', 'teacher', 'farmers', 'farmer', 'shopkeepers', 'shopkeeper',
  'traders', 'trader', 'drivers', 'driver', 'boys', 'boy', 'girls', 'girl', 'family', 'relatives',
  'pilgrims', 'journalists', 'journalist', 'doctors', 'doctor', 'minors', 'refugees', 'commuters',
  'wedding', 'guests', 'mourners', 'nurses', 'engineers', 'miners', 'siblings', 'brothers', 'sons',
]);
export const MILITANTS = new Set([
  'militants', 'militant', 'terrorists', 'terrorist', 'khwarij', 'khawarij', 'kharji', 'khariji',
  'kharijis', 'kharjis', 'khwarijis', 'attackers', 'attacker', 'insurgents', 'insurgent', 'assailants',
  'assailant', 'gunmen', 'gunman', 'fighters', 'fighter', 'taliban', 'suspects', 'suspect', 'infiltrators',
  'raiders', 'rebels', 'separatists', 'outlaws', 'miscreants', 'jihadists', 'ttp', 'bla', 'hostage',
  'takers', 'kidnappers', 'combatants', 'commanders', 'commander', 'bombers', 'intruders',
]);
/** Generic people: the count is a casualty but its group is not said. */
export const PEOPLE = new Set(['people', 'persons', 'person', 'others', 'individuals', 'men', 'members', 'victims', 'them', 'whom', 'casualties']);

/** Nouns after a number that show it is not a count of people. */
export const NOT_PEOPLE = new Set([
  'houses', 'homes', 'vehicles', 'vehicle', 'shops', 'schools', 'posts', 'checkposts', 'check', 'km',
  'kilometres', 'kilometers', 'kilometre', 'kilometer', 'miles', 'years', 'year', 'days', 'day', 'hours',
  'hour', 'months', 'month', 'minutes', 'weeks', 'week', 'percent', 'per', 'cent', 'rupees', 'rs',
  'million', 'billion', 'am', 'pm', 'cases', 'attacks', 'attack', 'incidents', 'times', 'metres', 'meters',
  'feet', 'kg', 'kilogrammes', 'tonnes', 'tons', 'trucks', 'districts', 'provinces', 'villages', 'points',
  'rounds', 'rockets', 'mortars', 'mortar', 'shells', 'drones', 'hideouts', 'compounds', 'bunkers',
  'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october',
  'november', 'december', 'operations', 'raids', 'strikes', 'crossings', 'families', 'october',
  'bombs', 'weapons', 'rifles', 'grenades', 'ieds', 'suicide', 'explosions', 'blasts', 'o', 'clock',
  'seconds', 'storey', 'floors', 'beds', 'ambulances', 'dollars', 'usd', 'hundred', 'thousand',
]);

/** Words that end the search for the verb of a count (a new clause starts). */
export const CLAUSE_BREAKS = new Set([';', ':', 'while', 'whereas', 'but', 'after', 'when', 'since', 'who', 'which', 'said', '(', 'before']);

/** Verbs saying a toll went up: "the death toll rose to 14". */
export const ROSE = new Set(['rose', 'risen', 'climbed', 'increased', 'jumped', 'mounted', 'reached', 'bringing', 'taking', 'soared', 'rising', 'climbing']);

/** Sentences about totals over time or other incidents, not the main incident. */
export const BACKGROUND_SENTENCE =
  /\b(since (19|20)\d\d|since (january|february|march|april|may|june|july|august|september|october|november|december)\b|so far this year|this year alone|last year|in (19|20)\d\d|during (19|20)\d\d|over the (past|last)|in recent (years|months|weeks)|in the (past|last) (year|decade|few|two|three|several|\w+ (years|months))|since the (taliban|start|beginning|takeover|return)|a total of|years of|decades?\b|history of|earlier this year|last month|previous (year|attack)|past (year|decade))/;

/** "the deadliest attack since 2023": a superlative makes a "since" part of the news, not background. */
export const SUPERLATIVE_SINCE = /\b(deadliest|worst|biggest|largest|bloodiest|first|heaviest|most serious)\b.{0,60}\bsince\b/;

/** Sentences reporting another incident than the main one. */
export const OTHER_INCIDENT = /\b(separate (incident|attack)|in another (incident|attack)|elsewhere|in a similar|earlier (attack|incident)|last week|meanwhile)\b/;

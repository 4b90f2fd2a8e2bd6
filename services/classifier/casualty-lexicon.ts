// Word lists the casualty reader uses: what counts as a death or injury verb, who the victims are, and
// which nouns after a number mean it is not a count of people. Kept apart from the logic so the tables
// can grow without touching the parser.

/** Words after a count that make it a death ("7 soldiers were martyred", "20 dead"). */
export const KILL_AFTER = new Set([
  'killed', 'dead', 'died', 'die', 'martyred', 'slain', 'perished', 'neutralised', 'neutralized',
  'eliminated', 'gunned', 'succumbed', 'lost', 'embraced', 'sent', 'murdered', 'beheaded', 'executed',
  'lifeless', 'fatalities', 'deaths', 'kills', 'killing', 'martyrdom', 'shahadat', 'massacred', 'bodies',
]);

/** Verbs after a count that say what happened to people other than death or injury ("12 were arrested"); each ends in "d" or "g" (the reader tests that first). */
export const OTHER_FATES = new Set([
  'arrested', 'detained', 'apprehended', 'held', 'captured', 'rescued', 'recovered', 'freed', 'released', 'escaped',
  'fled', 'surrendered', 'evacuated', 'abducted', 'kidnapped', 'deported', 'displaced', 'stranded', 'missing',
]);

/** Words after a count that make it an injury ("13 others injured"). */
export const INJURE_AFTER = new Set([
  'injured', 'wounded', 'hurt', 'sustained', 'injuries', 'injuring', 'wounding', 'treated', 'hospitalised', 'hospitalized',
  'treatment',
]);

/** Active killing verbs directly before a count ("the blast killed 12", "killing at least 12"). */
export const KILL_BEFORE = new Set([
  'killed', 'killing', 'kill', 'kills', 'martyring', 'martyred', 'neutralised', 'neutralized', 'neutralising',
  'neutralizing', 'eliminated', 'eliminating', 'sent', 'slew', 'claimed', 'murdered',
  'deaths', 'fatalities', 'martyrdom', 'bodies',
]);
/** Active injury verbs directly before a count ("injuring 13 others"). */
export const INJURE_BEFORE = new Set(['injured', 'injuring', 'injures', 'wounded', 'wounding', 'wounds', 'injuries']);

/** Words allowed between an active verb or a list connector and the count ("killing at least 12"). */
export const QUALIFIERS = new Set([
  'at', 'least', 'more', 'than', 'over', 'nearly', 'around', 'about', 'some', 'as', 'many', 'up', 'to',
  'approximately', 'roughly', 'an', 'estimated', 'close', 'another', 'only', 'almost', 'just', 'a', 'total',
  'of', 'the', 'lives', 'all', 'further', 'additional', 'still', 'no', 'fewer', 'below', 'under',
]);

/** Nouns of security forces ("soldiers", "FC personnel", "policemen"). */
export const SECURITY = new Set([
  'soldier', 'soldiers', 'troops', 'troop', 'personnel', 'policemen', 'policeman', 'police', 'officers',
  'officer', 'constables', 'constable', 'cops', 'cop', 'jawans', 'jawan', 'sepoys', 'sepoy', 'levies',
  'guards', 'guard', 'commandos', 'commando', 'fc', 'servicemen', 'army', 'military', 'paramilitaries',
  'paramilitary', 'rangers', 'cadets', 'major', 'captain', 'lieutenant', 'security', 'havildar', 'naik',
  'lance', 'subedar', 'sepahi', 'frontier', 'corps', 'ctd', 'inspector', 'inspectors', 'troopers', 'shuhada', 'forces', 'guardsmen', 'pilots', 'crew', 'firefighters', 'rescuers', 'wardens',
]);
/** Nouns of civilians ("passengers", "children", "worshippers"). */
export const CIVILIANS = new Set([
  'civilians', 'civilian', 'passengers', 'passenger', 'children', 'child', 'women', 'woman', 'worshippers',
  'worshipers', 'students', 'student', 'labourers', 'laborers', 'labourer', 'laborer', 'workers', 'worker',
  'pedestrians', 'pedestrian', 'bystanders', 'bystander', 'passer', 'passers', 'passerby', 'passersby', 'villagers', 'villager', 'residents', 'resident',
  'tribesmen', 'elders', 'elder', 'teachers', 'teacher', 'farmers', 'farmer', 'shopkeepers', 'shopkeeper',
  'traders', 'trader', 'drivers', 'driver', 'boys', 'boy', 'girls', 'girl', 'family', 'relatives',
  'pilgrims', 'journalists', 'journalist', 'doctors', 'doctor', 'minors', 'refugees', 'commuters',
  'wedding', 'guests', 'mourners', 'nurses', 'engineers', 'miners', 'siblings', 'brothers', 'sons',
  'prisoners', 'prisoner', 'undertrial', 'vaccinators', 'vaccinator', 'polio', 'labourers',
]);
/** Nouns of militants and attackers ("khwarij", "terrorists", "gunmen"). */
export const MILITANTS = new Set([
  'militants', 'militant', 'terrorists', 'terrorist', 'khwarij', 'khawarij', 'kharji', 'khariji',
  'kharijis', 'kharjis', 'khwarijis', 'attackers', 'attacker', 'insurgents', 'insurgent', 'assailants',
  'assailant', 'gunmen', 'gunman', 'fighters', 'fighter', 'taliban', 'suspects', 'suspect', 'infiltrators',
  'raiders', 'rebels', 'separatists', 'outlaws', 'miscreants', 'jihadists', 'ttp', 'bla', 'hostage',
  'takers', 'kidnappers', 'combatants', 'commanders', 'commander', 'bombers', 'intruders',
]);
/** Singular person nouns: "a soldier was martyred", "his nephew", "a Taliban border guard". */
export const SINGULAR = new Set([
  'soldier', 'policeman', 'civilian', 'child', 'woman', 'officer', 'constable', 'cop', 'militant', 'terrorist',
  'student', 'worker', 'sepoy', 'guard', 'major', 'captain', 'lieutenant', 'passerby', 'passer', 'man', 'boy',
  'girl', 'jawan', 'khariji', 'kharji', 'trader', 'shopkeeper', 'driver', 'teacher', 'commander', 'person',
  'elder', 'son', 'daughter', 'brother', 'nephew', 'wife', 'husband', 'father', 'mother', 'cousin', 'official',
  'personnel', 'pedestrian', 'farmer', 'labourer', 'laborer', 'villager', 'vaccinator', 'journalist',
  'doctor', 'bomber', 'attacker', 'member', 'guest', 'passenger', 'baby', 'infant', 'toddler', 'grandson', 'naik',
  'havildar', 'subedar', 'lance', 'prisoner', 'undertrial', 'inspector', 'leader', 'cleric', 'activist', 'lawyer',
  'judge', 'councillor', 'contractor', 'engineer', 'trooper', 'head', 'suspect', 'accomplice', 'associate', 'aide', 'bodyguard',
  'companion', 'colleague', 'relative', 'resident', 'local',
]);

/** Ranks and titles an ISPR release names a single fallen soldier by ("Sepoy X … embraced shahadat"). */
export const RANKS = new Set(['sepoy', 'naik', 'havildar', 'lance', 'subedar', 'captain', 'major', 'lieutenant', 'soldier', 'constable', 'policeman']);

/** Words that make a number after "rose to" a death toll. */
export const TOTAL_WORDS = new Set(['toll', 'dead', 'deaths', 'death', 'killed', 'fatalities', 'martyred', 'shuhada']);

/** Generic people: the count is a casualty but its group is not said. */
export const PEOPLE = new Set(['people', 'persons', 'person', 'individuals', 'men', 'members', 'victims', 'them', 'whom', 'casualties']);

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
export const ROSE = new Set([
  'rose', 'risen', 'climbed', 'increased', 'jumped', 'mounted', 'reached', 'bringing', 'taking', 'soared', 'rising', 'climbing',
  'raising', 'raised', 'pushing', 'brought', 'took', 'stands', 'stood',
]);

/**
 * Phrases that mark a sentence's role for the casualty reader (found by the classifier's matcher):
 * totals over time or recaps (background), another incident than the main one (other), a superlative
 * that makes a "since …" part of the news ("the deadliest attack since 2023").
 */
export const SENTENCE_CUES = {
  background: [
    'so far this year', 'this year alone', 'this year', 'during the year', 'last year', 'over the past', 'over the last', 'in recent years',
    'in recent months', 'in recent weeks', 'in the past', 'in the last', 'since the taliban', 'since the start',
    'since the beginning', 'since the takeover', 'since the return', 'years of', 'decade', 'decades',
    'history of', 'earlier this year', 'last month', 'previous year', 'previous attack', 'past year', 'past decade',
    'since january', 'since february', 'since march', 'since april', 'since may', 'since june', 'since july',
    'since august', 'since september', 'since october', 'since november', 'since december',
  ],
  other: [
    'separate incident', 'separate attack', 'separately', 'follow-up operation', 'subsequent operation', 'in another incident', 'in another attack', 'elsewhere', 'in a similar',
    'earlier attack', 'earlier incident', 'last week', 'meanwhile', 'a day after', 'days after', 'a week after',
    'weeks after', 'hours after', 'a month after', 'months after', 'a day before', 'days before', 'a week before',
    'weeks before', 'hours before', 'days earlier', 'weeks earlier', 'hours earlier', 'a day earlier', 'a week earlier',
  ],
  superlative: ['deadliest', 'worst', 'biggest', 'largest', 'bloodiest', 'heaviest', 'most serious'],
  /** Worth testing for an explicit zero toll (see ZERO_KILLED, ZERO_INJURED). */
  zero: ['no loss of life', 'no loss of lives', 'no casualties', 'no deaths', 'no fatalities', 'no one was', 'no one died',
    'no lives were lost', 'nobody was', 'without casualties', 'without any casualties', 'no injuries'],
} as const;

/** Words before a year that make it a date of the past ("since 2021", "in 2023"). */
export const YEAR_LEAD = new Set(['since', 'in', 'during']);

/** Explicit zero tolls: "no loss of life was reported", "no casualties", "no one was hurt". */
export const ZERO_KILLED = /\b(no (loss of (life|lives)|casualties(?! among)|deaths|fatalities|one was killed|one died|lives were lost)|nobody was killed|without (any )?casualties)\b/;
/** Explicit zero injuries: "no one was hurt", "no injuries", "no casualties". */
export const ZERO_INJURED = /\b(no (casualties(?! among)|injuries|one was (hurt|injured|wounded))|nobody was (hurt|injured)|without (any )?casualties)\b/;

/** Sentences reporting another incident than the main one. */
export const OTHER_INCIDENT = /\b(separate (incident|attack)|in another (incident|attack)|elsewhere|in a similar|earlier (attack|incident)|last week|meanwhile|(a day|days|a week|weeks|hours|a month|months) (after|before|earlier))\b/;

/** Words that make a sentence worth reading for casualties (the classifier finds them with its matcher). */
export const CASUALTY_CUES = [
  'no loss of life', 'no casualties', 'no deaths', 'no one was', 'nobody was', 'without casualties', 'no injuries', 'kill*', 'dead', 'die', 'died', 'dies', 'death*', 'martyr*', 'shahadat', 'injur*', 'wound*', 'hurt', 'lives', 'hell',
  'neutrali*', 'eliminat*', 'perish*', 'toll', 'slain', 'gunned', 'fatalit*', 'casualt*', 'murder*', 'behead*', 'massacre*',
  'bodies', 'hospitali*', 'treatment', 'treated',
];

"""Hand-written phrase bank of the SYNTHETIC mentions sample (``scrm samples mentions``).

Every sentence below was written by hand for this project; none is copied from a real
data set. The generator (:mod:`scrm_lib.samples.mentions`) fills the slots, mixes
openers/closers, and perturbs the text (typos, slang, emoji, hashtags, casing) with a
seeded random generator. The labels it keeps (``synthetic_trait``,
``synthetic_sentiment``) are the labels *intended* by the template a text came from.

Template syntax: :meth:`str.format` fields.

=========  ===========================================================
field      filled with
=========  ===========================================================
``{b}``    the brand the post is about (display name, e.g. ``Nimbus``)
``{h}``    the brand's handle on the channel (e.g. ``@NimbusMobile``)
``{c}``    a competitor's name;  ``{ch}`` its handle
``{i}``    an issue of the post's topic (:data:`ISSUES`)
``{f}``    a feature people praise (:data:`FEATURES`)
``{p}``    a plan name; ``{d}`` a device; ``{where}`` where coverage fails or shines;
           ``{town}`` where a store is
``{n}``    a small number (2-9); ``{amt}`` a dollar amount; ``{yrs}`` years as a customer
``{u}``    the @handle of the customer a reply answers
``{agent}`` an agent's initials signing a brand reply (``^KM``)
``{tag}``  the campaign hashtag; ``{link}`` the campaign URL
=========  ===========================================================

The six customer traits follow DOMAIN.md §2 (venting, passive, past, collaborative,
advocate, future) plus ``none``. Sentiment is a separate axis; a template's sentiment is
the key it is filed under.
"""

from __future__ import annotations

# ---------------------------------------------------------------------------------------------
# Slot vocabularies
# ---------------------------------------------------------------------------------------------

#: Issues per topic; the topic is kept in ``synthetic_topic``.
ISSUES: dict[str, list[str]] = {
    "network": [
        "no signal at all in my apartment",
        "calls keep dropping on my commute",
        "zero bars {where} since Monday",
        "my 5G keeps falling back to LTE",
        "data just stops working every evening",
        "texts show up hours late",
        "the whole block has had no service since last night",
        "I can't make a call without it cutting out",
    ],
    "billing": [
        "my bill went up again with no warning",
        "there's a ${amt} fee on my bill I never agreed to",
        "the promo credit I was promised never showed up",
        "my bill is ${amt} higher than the quote",
        "I'm being billed for a line I cancelled in March",
        "the paperless discount disappeared from my account",
    ],
    "support": [
        "I've been on hold for over an hour",
        "the chat bot keeps sending me in circles",
        "I got transferred {n} times and nobody could help",
        "nobody ever calls back like they promise",
        "the store sent me to support and support sent me back to the store",
        "the agent hung up on me",
    ],
    "device": [
        "my new {d} still hasn't shipped after {n} weeks",
        "the trade-in credit for my old {d} is missing",
        "eSIM activation failed and now I have no line",
        "my {d} is still locked even though it's paid off",
        "the replacement {d} they sent me is refurbished and scratched",
    ],
    "app": [
        "the app logs me out every single day",
        "the app won't show my data usage",
        "I can't pay my bill in the app, it just spins",
        "the app says my account doesn't exist",
    ],
    "roaming": [
        "roaming didn't work at all on my trip",
        "I got a ${amt} roaming charge after a weekend abroad",
        "the travel pass never activated",
    ],
    "speed": [
        "speeds are stuck around 2 Mbps",
        "the hotspot is unusably slow",
        "video buffers constantly even with full bars",
        "my 'unlimited' data gets throttled after a few GB",
    ],
}

#: Vocabulary of the injected crisis (one root cause: the autopay double charge).
CRISIS_ISSUES: list[str] = [
    "autopay charged me twice this month",
    "I was double charged by autopay and now my account is overdrawn",
    "autopay took my payment twice, ${amt} gone",
    "double charged AGAIN, that's an overdraft fee from my bank",
    "they charged my card twice for the same bill",
    "autopay double charge and no refund in sight",
    "charged twice for {p}, my rent payment bounced",
]

FEATURES: list[str] = [
    "the coverage on my commute",
    "the new unlimited plan",
    "the 5G {where}",
    "the staff at the store {town}",
    "the chat support",
    "the family plan price",
    "wifi calling",
    "the app",
    "the travel pass",
    "the eSIM setup",
    "the hotspot speed",
    "no-contract pricing",
]

PLANS: list[str] = [
    "Unlimited Plus", "Family Share", "Prepaid 30", "Basic 15GB", "Student Saver", "Senior 55+",
    "Business Pro",
]
DEVICES: list[str] = ["phone", "tablet", "hotspot", "smartwatch", "home router", "iPhone", "Pixel"]
PLACES: list[str] = [
    "downtown", "at the airport", "on campus", "in Riverside", "in Maple Heights",
    "on the subway", "at my office", "at the stadium", "out by the lake", "in the suburbs",
]
TOWNS: list[str] = [
    "downtown", "in Riverside", "in Maple Heights", "on Main Street", "at the mall", "in Oakdale",
    "near the station", "in the suburbs",
]
AGENTS: list[str] = ["^KM", "^JL", "^RS", "^AT", "^DB", "^MW", "^CP", "^SN", "^LV", "^EO"]

# ---------------------------------------------------------------------------------------------
# Customer posts, English: TEMPLATES[trait][sentiment] -> templates
# ---------------------------------------------------------------------------------------------

TEMPLATES: dict[str, dict[str, list[str]]] = {
    "venting": {
        "negative": [
            "{h} {i}. Please fix this!",
            "{h} {i}... can someone PLEASE help me",
            "Hey {h}, {i}. What is going on?",
            "{i} and {b} support is useless. Help??",
            "Day {n} of this: {i}. {h} please help",
            "{h} I need this sorted today, {i}",
            "Is anyone at {b} reading this? {i}",
            "{h} {i}. I pay every month for this?",
            "Not happy. {i}. {h} how do I get this fixed?",
            "{h} seriously, {i}. Who do I talk to?",
            "so {i} and I've restarted my {d} {n} times. {h} any ideas?",
            "{h} you can't keep doing this, {i}. DM me",
            "Can {b} explain why {i}? I need an answer, not a script",
            "{h} I've never been this frustrated. {i}",
            "Great, just great. {i}. Thanks {h}",
            "Love paying {b} for a service that doesn't work. {i}",
            "Wow {h}, {i}. Stellar job as always",
        ],
        "neutral": [
            "{h} hi, {i}. Is there a fix for this?",
            "{h} quick question: {i}, what should I do?",
            "Hi {b}, {i}. Could someone take a look at my account?",
            "{h} how do I report that {i}?",
            "{h} is there a known issue? {i}",
        ],
    },
    "passive": {
        "negative": [
            "{b} is fine I guess but {i}",
            "not a fan of how {b} handles billing tbh",
            "{b} coverage {where} is pretty bad, whatever",
            "meh, {b} raised prices again. figures",
            "{i}. not surprised, it's {b}",
            "honestly {b}'s app is the worst designed thing on my phone",
            "{b} ads are everywhere and their service is mid",
            "Can't say I'm impressed with {b} lately",
            "{b} signal {where} is a joke",
            "I don't love {b}, I don't hate them, but {i}",
        ],
        "neutral": [
            "love my {d}, but {b} coverage {where} could be better",
            "{b} is ok. {f} is nice, the prices not so much",
            "I guess {b} is fine for what I pay",
            "{b} works most of the time. Not always {where} though",
            "{f} is decent but {b} customer service is slow",
        ],
        "positive": [
            "{b} isn't bad at all, just wish {f} was cheaper",
            "pretty happy with {b} overall, the only thing is {i}",
        ],
    },
    "past": {
        "negative": [
            "sick of {h} and cancelling today",
            "Done with {b}. Switching to {c} this weekend",
            "After {yrs} years I'm leaving {b}. {i} was the last straw",
            "Porting my number out of {b} tomorrow. Never again",
            "Cancelled {b}. Warning to anyone thinking of joining: don't",
            "{h} you just lost a {yrs}-year customer. Enjoy",
            "PSA: avoid {b}. {i} and they don't care",
            "Switched from {b} to {c} and I should have done it years ago",
            "Goodbye {b}. {c} here I come",
            "Already asked for my port-out PIN. {b} had {n} chances",
            "Do NOT sign up with {b}. Worst decision I ever made",
            "{b} lost my whole family plan today. {n} lines, gone",
            "I'm out. {i}. Bye {b}",
        ],
    },
    "collaborative": {
        "neutral": [
            "{h} would be great if the app showed data usage per line",
            "{h} you should let us pause a line instead of cancelling it",
            "Idea for {b}: text me before the bill goes up, not after",
            "{h} please add dark mode to the app",
            "{b} should offer a cheaper plan without the streaming extras",
            "Suggestion {h}: let us pick the bill due date",
            "{h} how about a loyalty discount for customers of {yrs}+ years?",
            "{b} needs a status page for outages, like every other company",
            "Feature request for {h}: wifi calling on smartwatches",
            "{h} it would help if the chat kept history between sessions",
        ],
        "positive": [
            "Love {b}! One idea: let us gift unused data to family lines",
            "{h} the new app is great, please add a widget for data usage too 🙏",
            "{b} is my favourite carrier, would be even better with an eSIM for my tablet",
            "Big fan of {f}. {h} could you bring it to prepaid too?",
        ],
        "negative": [
            "{h} the new app layout is confusing, please bring back the old billing page",
            "{b} fix the hold music at least if we're going to wait an hour",
        ],
    },
    "advocate": {
        "positive": [
            "Been with {b} for {yrs} years and never had a problem. Highly recommend",
            "Shoutout to {h}, {f} is amazing",
            "{b} fixed my issue in {n} minutes. That's how it's done",
            "Honestly {f} is worth it alone. {b} for the win",
            "If you're thinking about switching, go {b}. {f} is unbeatable",
            "{h} just wanted to say thanks, {f} saved my trip",
            "Can't believe how good {f} is. Love {b}",
            "Never going back. {b} > {c}",
            "{b} just keeps getting better. {f} 👌",
            "Told my whole family to switch to {b}. No regrets",
            "Whoever runs {h} deserves a raise",
            "Not a single dropped call in {n} months with {b}",
            "My {d} + {b} + {f} = perfect",
            "{b} is the only company I'd recommend to my mom",
            "{h} the agent at the store {town} was so patient with my dad. thank you!",
            "Still the best: {b}. {f} never lets me down",
        ],
    },
    "future": {
        "neutral": [
            "thinking about getting {b}... good decision?",
            "{b} or {c}? which one has better coverage {where}?",
            "Anyone here use {b}? Is {f} actually good?",
            "Moving to a new place, does {b} work well {where}?",
            "Looking for a new carrier. {b} or {c}, which should I get?",
            "Is {p} on {b} worth it for a family of four?",
            "Considering {b} for my business lines, any experiences?",
            "{h} do you have a deal for people switching from {c}?",
            "Need a new {d} plan. Is {b} any good these days?",
            "How's {b} customer service? Thinking about porting my number",
            "{b} vs {c} vs the prepaid guys, what do you all use?",
        ],
        "positive": [
            "Heard great things about {b}, probably switching next month!",
            "{b}'s {p} looks like a really good deal, might jump on it",
            "My friends all love {b}, thinking I'll finally switch 😊",
        ],
        "negative": [
            "My {c} contract ends soon and I'm done with them. Is {b} any better?",
            "Tired of {c}. Is {b} less awful?",
        ],
    },
    "none": {
        "neutral": [
            "{b} announces new pricing for {p}, effective next month",
            "Report: {b} and {c} both expanding 5G {where} this year",
            "The {b} store {town} moved across the street",
            "Anyone know what time the {b} store {town} closes?",
            "{b} ad during the game last night. Thoughts?",
            "Just saw a {b} billboard {town}",
            "My {d} died and I don't even remember which carrier I have lol",
            "Watching a video on how cell towers work, thanks {b} I guess",
            "{b} quarterly results out today",
            "Is {b} the one with the blue logo or the orange one?",
        ],
        "positive": [
            "The {b} commercial with the dog is so cute lol",
            "lol the {b} jingle is stuck in my head again",
            "{b} sponsored the charity run {town}, nice to see",
        ],
        "negative": [
            "Why does every {b} ad have the same song, make it stop",
        ],
    },
}

#: More hand-written customer templates, merged into :data:`TEMPLATES` below (kept apart for
#: readability: the first block is the core, this one widens vocabulary, negation and sarcasm).
_MORE_TEMPLATES: dict[str, dict[str, list[str]]] = {
    "venting": {
        "negative": [
            "{h} third time calling about this. {i}. Can someone actually fix it?",
            "{h} I was told it would be fixed in 24 hours. It wasn't. {i}",
            "why is it so hard to get help from {b}?? {i}",
            "{h} {i} and your website says everything is fine",
            "{h} my mom is {where} and {i}. she can't call anyone",
            "Hey {h}, {i}. I work from home, I need this working",
            "{h} this is not ok. {i}. I want a credit for this month",
            "anyone from {b} around? {i} and support closed at 8",
            "{h} {i}. I have a flight tomorrow and need this sorted",
            "{h} if {i} isn't fixed by Friday I want to speak to a manager",
            "@ {b} {i}, my ticket has had no update in days",
            "{h} you don't answer the phone, you don't answer chat. {i}",
            "{h} {i}. that makes it {n} times this month",
            "Oh wonderful, {i}. Love that for me {h}",
            "Nothing like {i} to start the week. Thanks {b} 🙃",
            "{h} I'm not angry, I just need help: {i}",
            "{h} paying for {p} and {i}. not acceptable",
            "{h} can't reach anyone. {i}. what are my options?",
        ],
        "neutral": [
            "{h} hello, {i}. Is someone able to check?",
            "{h} good morning, {i}. What's the next step?",
            "@ {b} support: {i}. Do I need to visit a store?",
            "{h} {i}, is there an outage {where}?",
            "{h} hi there, {i}. Can I get a callback?",
        ],
    },
    "passive": {
        "negative": [
            "{b} still hasn't fixed the coverage {where}. oh well",
            "{b} customer service is slow but what else is new",
            "Not the biggest fan of {b} but switching is a hassle",
            "the {b} app update made it worse, not going to complain though",
            "{b} prices keep creeping up. meh",
            "Used to like {b}. Now it's just ok, barely",
            "Why is {b} so expensive compared to everyone else",
            "{b} support isn't great, but I've seen worse",
            "{i}. typical {b}, I've stopped expecting better",
            "I wouldn't say {b} is good. I wouldn't say it's terrible either. Mostly annoying",
        ],
        "neutral": [
            "{b} has been fine for me, nothing special",
            "{b} is alright. nothing to write home about",
            "Coverage {where} is hit or miss with {b}",
            "{f} is nice, but I don't see why {b} costs more than {c}",
            "{b} does the job. The app could be less confusing",
        ],
        "positive": [
            "I like {b}, really do, but {f} could use some work",
            "{b} is good overall, no complaints except the price",
            "Pretty solid so far with {b}, except {where} where it drops",
        ],
    },
    "past": {
        "negative": [
            "Last bill from {b} paid. Not renewing, moving to {c}",
            "Told {b} to cancel all {n} of our lines. Done",
            "{h} please stop calling me, I already left for {c}",
            "Porting out. {b} doesn't deserve my money",
            "{yrs} years with {b} and they couldn't fix {i}. Gone",
            "switched to {c} last week, no more {b} drama",
            "never again {b}. never. again.",
            "Just returned the {b} {d}. Contract cancelled. Bye",
            "Shoutout to {c} for saving me from {b} 🙌",
            "My advice: stay away from {b}. {i}, and nobody cares",
        ],
    },
    "collaborative": {
        "neutral": [
            "{h} could you add a way to see which tower I'm connected to?",
            "{b} should publish real coverage maps, not marketing ones",
            "{h} please let us set data alerts per line",
            "Small suggestion for {b}: show the hold time before I call",
            "{h} idea: a cheaper plan for people who mostly use wifi",
            "{h} would love an option to get paper bills only for one line",
            "If {b} offered a student discount I'd bring {n} friends",
            "{b} please put the cancel button somewhere people can find it",
            "{h} maybe let the store staff see my online chat history?",
            "{h} feedback: the new bill layout hides the total, please move it up",
        ],
        "positive": [
            "{h} love {f}! would be awesome if it also worked abroad",
            "Great job on the app {h}. One request: Face ID login 🙏",
            "{b} rocks. Small idea: let us name our lines in the app",
            "{h} thanks for listening last time, now can we get {f} on {p}?",
        ],
        "negative": [
            "{h} the new plan page is a mess. Put prices first, not the ads",
            "{h} your survey is {n}0 questions long, nobody will finish it. Make it 3",
        ],
    },
    "advocate": {
        "positive": [
            "Five years with {b} and still happy 😊",
            "{b} support is genuinely the best I've dealt with",
            "Just renewed with {b}. No reason to look anywhere else",
            "Everyone complaining about carriers clearly hasn't tried {b}",
            "{b} gave me a credit without me even asking. Who does that?",
            "I recommend {b} to everyone at work. {f} is that good",
            "{h} thank you for fixing my line so fast yesterday!",
            "Coverage {where} with {b} is perfect, never had a dropped call",
            "Not once in {yrs} years has {b} let me down",
            "{b} isn't perfect but it's the best carrier I've had, by far",
            "Can't say enough good things about {b}",
            "Moved my whole business to {b}, best decision we made",
            "{b} store staff {town} = heroes. Thank you!",
            "Love how {b} just works. No drama",
        ],
    },
    "future": {
        "neutral": [
            "Which carrier is best {where}? Leaning {b}",
            "Anyone switched from {c} to {b}? How was it?",
            "My contract is up. {b}, {c}, or something else?",
            "Is {b}'s coverage good for road trips?",
            "Thinking of moving my family plan to {b}. Opinions?",
            "{h} what's the best plan for two lines and a tablet?",
            "Need a carrier recommendation, {b} or {c}? Budget matters",
            "Does {b} have decent international roaming? Going abroad soon",
            "Friends keep telling me to try {b}. Worth it?",
            "{h} can I keep my number if I switch from {c}?",
        ],
        "positive": [
            "Finally getting {b} next week, so excited!",
            "Seen so many good reviews of {b}, I think I'm sold",
        ],
        "negative": [
            "{c} has been a nightmare. Would {b} be any different?",
            "Anything is better than {c} at this point. {b}?",
        ],
    },
    "none": {
        "neutral": [
            "{b} and {c} both raising prices, according to the news",
            "Drove past the new {b} store {town}",
            "{b} is hiring {town}, posting this for a friend",
            "Interview with the {b} CEO on the radio this morning",
            "Trivia: {b} started as a regional carrier",
            "The {b} logo changed? When?",
            "Opened my {b} bill, it's due Friday. That's all. Just a note to myself",
            "Who else saw the {b} blimp over the stadium",
        ],
        "positive": [
            "The {b} halftime ad was actually funny",
            "{b} donated phones to the school {town}, nice move",
        ],
        "negative": [
            "{b} spam texts again, who signed me up",
        ],
    },
}
for _trait, _by_sent in _MORE_TEMPLATES.items():
    for _sent, _lst in _by_sent.items():
        TEMPLATES.setdefault(_trait, {}).setdefault(_sent, []).extend(_lst)

#: Short, mixed, sarcastic and negated posts (third hand-written batch), merged like the second.
_SHORT_AND_TRICKY: dict[str, dict[str, list[str]]] = {
    "venting": {
        "negative": [
            "{b} down again?? {h}",
            "Love you {b} but {i}. please fix",
            "Thanks {h} for the third outage this week, really appreciate it 🙃",
            "{h} my dad's line: {i}. he's 80 and can't sort this alone, can someone call him?",
            "not impressed {h}. {i}",
            "{h} help 😭 {i}",
            "{h} {i}!!!!",
        ],
    },
    "passive": {
        "negative": [
            "ugh {b}",
            "{b} 🤬",
            "{b} being {b} again",
            "{b} is not great. not terrible. just not great",
            "the {b} hold music is burned into my brain",
        ],
        "neutral": [
            "{b}'s fine I suppose",
            "{b} again. whatever works",
        ],
    },
    "past": {
        "negative": [
            "wouldn't recommend {b} to my worst enemy",
            "bye {b} 👋",
            "{b}: {yrs} years. {c}: starting today",
            "don't make my mistake. skip {b}",
        ],
    },
    "collaborative": {
        "neutral": [
            "{h} hint: people would stay if loyalty paid",
            "{b} should really just copy how {c} does billing",
        ],
    },
    "advocate": {
        "positive": [
            "{b} 😍😍😍",
            "{b} ftw",
            "no complaints about {b}, none at all",
            "{b} never disappoints",
            "{b} isn't bad at all. Actually it's great",
            "can't complain about {b}, seriously",
            "my kid's first phone plan: {b}. easy choice",
        ],
    },
    "future": {
        "neutral": [
            "{b}?? yay or nay",
            "{b} vs {c}, go",
            "any reason NOT to get {b}?",
            "who has {b} {where}? signal ok?",
        ],
    },
    "none": {
        "neutral": [
            "{b} lol",
            "my cat sat on my phone and called {b} support 😂",
            "wait {b} has a podcast now?",
        ],
        "positive": [
            "the {b} mascot is the best mascot, I said what I said",
        ],
    },
}
for _trait, _by_sent in _SHORT_AND_TRICKY.items():
    for _sent, _lst in _by_sent.items():
        TEMPLATES.setdefault(_trait, {}).setdefault(_sent, []).extend(_lst)

#: Label-neutral context sentences shared by every trait (real posts carry such asides).
CONTEXT: list[str] = [
    "Been with {b} {yrs} years.",
    "I'm on {p}.",
    "Posting from my {d}.",
    "Long time customer.",
    "Writing this from work.",
    "My account is under my husband's name.",
    "We have {n} lines.",
    "Happens {where} mostly.",
    "Posted this on another site too.",
    "Just moved here.",
    "Not sure where else to post this.",
    "For context, I've been a customer {yrs} years.",
]

#: Openers and closers mixed into customer posts; they never change the intended labels.
OPENERS: dict[str, list[str]] = {
    "negative": ["Ugh.", "Unreal.", "Seriously?", "ok so", "Day {n}.", "PSA:", "FYI", "Welp.", "Not again."],
    "neutral": ["Hi!", "Quick q:", "Question:", "ok so", "Hey all,", "FYI", "So,"],
    "positive": ["Wow!", "Honestly,", "Ok so", "Shoutout:", "Not gonna lie,", "Update:"],
}
CLOSERS: dict[str, list[str]] = {
    "negative": ["smh", "unbelievable", "#fail", "#customerservice", "so done", "anyone else?",
                 "this is ridiculous", "👎", "🙄", "😡", "😤", "#neveragain"],
    "neutral": ["thanks", "thx", "anyone?", "🤔", "any advice appreciated", "just wondering", "cheers"],
    "positive": ["❤️", "😍", "🙌", "👏", "#happycustomer", "10/10", "just saying", "😊", "💯"],
}

# ---------------------------------------------------------------------------------------------
# Customer posts, other languages: LANG_TEMPLATES[lang][trait] -> [(sentiment, template)]
# ---------------------------------------------------------------------------------------------

LANG_TEMPLATES: dict[str, dict[str, list[tuple[str, str]]]] = {
    "es": {
        "venting": [
            ("negative", "{h} no tengo señal desde ayer, ¿me pueden ayudar?"),
            ("negative", "{h} me cobraron de más este mes, por favor revisen mi cuenta"),
            ("negative", "Llevo una hora esperando en la línea de {b}. Necesito ayuda ya"),
            ("neutral", "{h} hola, ¿cómo activo el roaming para mi viaje?"),
        ],
        "passive": [
            ("negative", "{b} no está mal pero la cobertura en mi barrio es malísima"),
            ("neutral", "{b} funciona, aunque la app es un poco lenta"),
        ],
        "past": [
            ("negative", "Me cambio a {c}. Adiós {b}, nunca más"),
            ("negative", "Cancelé {b} hoy. Pésimo servicio"),
        ],
        "collaborative": [
            ("neutral", "{h} deberían tener la app en español completa"),
            ("positive", "Me encanta {b}, pero sería genial poder compartir datos con mi familia"),
        ],
        "advocate": [
            ("positive", "¡{b} es lo mejor! Cero problemas en {yrs} años"),
            ("positive", "Gracias {h}, resolvieron todo en minutos 🙌"),
            ("positive", "Recomiendo {b} a todos, la señal es excelente"),
        ],
        "future": [
            ("neutral", "¿Alguien usa {b}? ¿Qué tal la cobertura?"),
            ("neutral", "¿{b} o {c}? Estoy pensando en cambiarme"),
        ],
        "none": [
            ("neutral", "Nueva tienda de {b} en el centro"),
        ],
    },
    "fr": {
        "venting": [
            ("negative", "{h} plus de réseau depuis ce matin, vous pouvez m'aider ?"),
            ("negative", "{h} facture beaucoup trop élevée ce mois-ci, c'est inadmissible"),
        ],
        "past": [
            ("negative", "J'ai résilié {b}. Je passe chez {c}, enfin !"),
            ("negative", "Plus jamais {b}. Service client inexistant"),
        ],
        "collaborative": [("neutral", "{h} ce serait bien de pouvoir suspendre une ligne au lieu de la résilier")],
        "none": [("neutral", "Nouvelle pub {b} à la télé ce soir")],
        "advocate": [
            ("positive", "Très contente de {b}, le service client est top 👍"),
            ("positive", "{b} c'est vraiment génial, je recommande"),
        ],
        "future": [("neutral", "Quelqu'un a essayé {b} ? Ça vaut le coup ?")],
        "passive": [("negative", "Le réseau {b} n'est pas terrible ici, bon...")],
    },
    "de": {
        "venting": [
            ("negative", "{h} seit gestern kein Netz, bitte helft mir!"),
            ("negative", "{h} meine Rechnung ist viel zu hoch, was soll das?"),
        ],
        "past": [("negative", "Habe {b} gekündigt. Nie wieder!")],
        "advocate": [("positive", "{b} ist super, schnelles Internet und netter Support")],
        "future": [("neutral", "Hat jemand Erfahrungen mit {b}? Lohnt sich der Wechsel?")],
        "passive": [("negative", "{b} ist ok, aber das Netz im Keller ist eine Katastrophe")],
        "collaborative": [("neutral", "{h} bitte eine Option für Datenwarnungen pro Leitung einbauen")],
    },
    "pt": {
        "venting": [("negative", "{h} estou sem sinal desde ontem, podem ajudar?")],
        "past": [("negative", "Cancelei a {b}. Péssimo atendimento")],
        "advocate": [("positive", "Adoro a {b}, nunca tive problemas 😍")],
        "future": [("neutral", "Alguém usa a {b}? Vale a pena?")],
        "passive": [("negative", "A {b} é razoável, mas o sinal aqui em casa é fraco")],
    },
}

# ---------------------------------------------------------------------------------------------
# Event-specific customer posts
# ---------------------------------------------------------------------------------------------

#: The crisis: many people, one root cause (a macro case in ARM terms).
CRISIS_TEMPLATES: dict[str, list[tuple[str, str]]] = {
    "venting": [
        ("negative", "{h} {i}. I need a refund NOW"),
        ("negative", "{h} {i}!! when is the refund coming?"),
        ("negative", "{i}. {h} fix your autopay and refund the overdraft fees"),
        ("negative", "Anyone else? {i}. {h} please respond"),
        ("negative", "{h} {i}, been waiting {n} hours for anyone to reply"),
        ("negative", "{h} who pays my overdraft fee? {i}"),
        ("neutral", "{h} is the double charge a known issue? Will it be refunded automatically?"),
    ],
    "past": [
        ("negative", "{i}. That's it, I'm switching to {c}"),
        ("negative", "Turned off autopay and cancelling {b}. Charged twice and no apology"),
        ("negative", "{b} double charged half the city and says nothing. Porting out"),
    ],
    "passive": [
        ("negative", "lol {b} autopay strikes again, charged twice. Not even surprised"),
        ("negative", "Glad I never used {b} autopay, sounds like a mess"),
    ],
    "none": [
        ("neutral", "Reports: {b} customers double charged by autopay glitch"),
        ("negative", "Thousands of {b} customers say autopay charged them twice this week"),
        ("neutral", "{b} autopay double charge: what we know so far"),
    ],
}

#: A slow-burning macro issue: many people, one root cause, but no velocity (not a crisis).
MACRO_TEMPLATES: dict[str, list[tuple[str, str]]] = {
    "venting": [
        ("negative", "{h} my voicemail hasn't worked since the update, callers get an error"),
        ("negative", "{h} visual voicemail keeps saying 'not available'. please fix"),
        ("negative", "voicemail on {b} broken for {n} days now, I'm missing work calls {h}"),
        ("negative", "{h} people can't leave me voicemails, it says the mailbox is unavailable"),
        ("negative", "{h} still no voicemail. {n} days. my doctor's office can't reach me"),
        ("neutral", "Is {b} voicemail down for anyone else?"),
        ("neutral", "{h} how do I reset my voicemail? it stopped working last week"),
    ],
    "passive": [
        ("negative", "{b} voicemail still broken, guess I'll just text people"),
        ("neutral", "who even uses voicemail anymore, but yeah {b}'s is down"),
    ],
    "past": [
        ("negative", "No voicemail for {n} weeks. Switching to {c}"),
    ],
    "collaborative": [
        ("neutral", "{h} maybe post a status page about the voicemail issue so we stop calling"),
        ("neutral", "{h} a text to everyone affected by the voicemail bug would go a long way"),
    ],
}

#: The campaign: a positive lift carrying ``{tag}`` (and sometimes ``{link}``).
CAMPAIGN_TEMPLATES: dict[str, list[tuple[str, str]]] = {
    "advocate": [
        ("positive", "Just switched to the new plan {tag} and my bill went down 🎉"),
        ("positive", "{tag} is actually a great deal, well done {h}"),
        ("positive", "Loving the new plan from {b}! {tag}"),
        ("positive", "{tag} unlimited data that's actually unlimited? yes please 🙌"),
        ("positive", "Got my whole family on {tag}. Best decision this year"),
    ],
    "future": [
        ("neutral", "Is {tag} worth it? Thinking about switching from {c}"),
        ("positive", "{tag} looks amazing, signing up this weekend {link}"),
        ("neutral", "Anyone tried {tag} yet? What's the catch?"),
    ],
    "collaborative": [
        ("positive", "{tag} is great, would be perfect with an international add-on {h}"),
    ],
    "none": [
        ("neutral", "{b} launches {tag} with new unlimited pricing {link}"),
        ("positive", "Enter the {tag} giveaway, RT to win {link}"),
    ],
    "passive": [
        ("negative", "{tag} sounds nice but my signal is still bad {where}"),
    ],
}

#: After the crisis, the focal brand's past customers are the competitors' future customers
#: (DOMAIN.md §2). ``{x}`` is the brand in crisis, ``{b}``/``{h}`` the competitor asked about.
SWITCHER_TEMPLATES: list[tuple[str, str, str]] = [
    ("future", "neutral", "Leaving {x} after this week's billing fiasco. Is {b} any good?"),
    ("future", "neutral", "{h} switching from {x}, how do I keep my number?"),
    ("future", "negative", "{x} just burned me. {b}, do you have a deal for switchers?"),
    ("future", "neutral", "Thinking about {b} after what {x} pulled. Coverage ok {where}?"),
    ("future", "neutral", "{b} or {c}? Anything but {x} right now"),
    ("future", "positive", "Heard {b} treats people better than {x}. Switching next week, fingers crossed"),
    ("past", "negative", "Done with {x}. Porting to {b} tomorrow"),
]

#: Sponsored influencer posts (talk about the brand when there is something in it for them).
SPONSORED_TEMPLATES: list[tuple[str, str]] = [
    ("positive", "Partnered with {h} to try {f} for a month. Verdict: love it #ad"),
    ("positive", "Use my code for a free month on {b} 👉 {link} #sponsored"),
    ("positive", "Travel hack: {f} from {b} #ad #partner"),
    ("positive", "{b} sent me their new plan to test, honestly impressed #ad"),
]

#: Spam and bots (``none``); the same text repeats, as real spam does.
SPAM_TEMPLATES: list[str] = [
    "FREE {b} gift cards 👉 bit.ly/free-gift-xx claim now!!!",
    "Get {b} unlimited for $5/month 👉 cheap-phones.example DM me",
    "🔥🔥 {b} giveaway 🔥🔥 follow + RT + click bio link",
    "Earn $500/day from home, no {b} bill ever again, link in bio",
]

#: Valid posts that contain HTML or script: reports must escape them.
HTML_TEMPLATES: list[tuple[str, str, str]] = [
    ("venting", "negative", "{h} your payment page shows <script>alert('error')</script> instead of my bill??"),
    ("none", "neutral", "<b>{b}</b> store hours changed, see <a href=\"https://forum.example/t/1\">this thread</a>"),
    ("passive", "negative", "the {b} app literally printed </div><div> on my screen lol"),
    ("venting", "negative", "<img src=x onerror=alert(1)> is what your support chat sent me {h}"),
    ("collaborative", "neutral", "{h} the FAQ page has raw <table><tr><td> tags all over it, please fix"),
    ("none", "neutral", "copying my notes: <ul><li>{b}</li><li>{c}</li></ul> which one?"),
]

# ---------------------------------------------------------------------------------------------
# Replies between customers (peer support) and brand-owned posts
# ---------------------------------------------------------------------------------------------

#: A peer answering a customer: (trait, sentiment, template).
PEER_REPLIES: list[tuple[str, str, str]] = [
    ("advocate", "positive", "{u} had the same thing, toggling airplane mode fixed it. {b} has been great otherwise"),
    ("advocate", "positive", "{u} go for it! I've had {b} for {yrs} years, zero problems"),
    ("advocate", "positive", "{u} DM {h}, they sorted mine out in minutes"),
    ("advocate", "positive", "{u} {b} coverage {where} is great, I'm there every day"),
    ("collaborative", "neutral", "{u} try resetting network settings, that worked for me"),
    ("collaborative", "neutral", "{u} ask for the loyalty team, they can waive that fee"),
    ("passive", "negative", "{u} same here. {b} never fixes anything"),
    ("past", "negative", "{u} just leave, I switched to {c} and it's so much better"),
    ("future", "neutral", "{u} following, I'm thinking about {b} too"),
    ("none", "neutral", "{u} lol same"),
]

#: Brand replies to customers by the trait of the post they answer.
BRAND_REPLIES: dict[str, list[tuple[str, str]]] = {
    "venting": [
        ("neutral", "{u} Sorry about this! Please DM us your account number and we'll look into it right away. {agent}"),
        ("neutral", "{u} That's not the experience we want for you. Can you send us a DM with your zip code? {agent}"),
        ("neutral", "{u} We hear you. Our team is on it, check your DMs. {agent}"),
        ("positive", "{u} Thanks for your patience! We've fixed it on our side, let us know if it's working now {agent}"),
        ("neutral", "{u} Hi there, please try restarting your device; if that doesn't help, DM us {agent}"),
    ],
    "past": [
        ("neutral", "{u} We'd hate to see you go. Can we have a chat before you switch? DM us {agent}"),
        ("neutral", "{u} We're sorry we let you down. Our loyalty team would like to make this right {agent}"),
    ],
    "passive": [
        ("neutral", "{u} Thanks for the feedback, we're always working on it {agent}"),
        ("neutral", "{u} Sorry to hear that. If there's anything we can do, we're a DM away {agent}"),
    ],
    "collaborative": [
        ("positive", "{u} Great idea! We've passed it on to our product team {agent}"),
        ("positive", "{u} Thanks for the suggestion, we love hearing from you {agent}"),
    ],
    "advocate": [
        ("positive", "{u} This made our day! Thanks for being part of the family 💙 {agent}"),
        ("positive", "{u} Thank you! Want to join our community of power users? DM us {agent}"),
        ("positive", "{u} You're the best, thanks for the shoutout! {agent}"),
    ],
    "future": [
        ("positive", "{u} We'd love to have you! Check out our plans at {link} or DM us {agent}"),
        ("neutral", "{u} Happy to help you choose. What matters most to you: price, coverage or data? {agent}"),
    ],
    "none": [
        ("neutral", "{u} Thanks for the mention! {agent}"),
    ],
    "macro": [
        ("neutral", "{u} We're aware of a voicemail issue affecting some customers and are working on a fix. Sorry! {agent}"),
        ("neutral", "{u} Thanks for flagging. Our engineers are on the voicemail problem, we'll update you soon {agent}"),
    ],
    "crisis": [
        ("neutral", "{u} We're so sorry. Some autopay payments were taken twice; every duplicate charge will be refunded within 3-5 days {agent}"),
        ("neutral", "{u} We know about the duplicate autopay charge and are refunding it. We'll also cover overdraft fees, DM us {agent}"),
    ],
}

#: Brand replies to posts in Spanish.
BRAND_REPLIES_ES: list[tuple[str, str]] = [
    ("neutral", "{u} ¡Hola! Sentimos las molestias. Escríbenos por mensaje privado y lo revisamos {agent}"),
    ("positive", "{u} ¡Gracias por tu mensaje! Estamos para ayudarte {agent}"),
]

#: Brand-owned proactive posts (``none`` trait), by kind.
BRAND_POSTS: dict[str, list[tuple[str, str]]] = {
    "promo": [
        ("positive", "Switch to {b} this week and get your first month free. Details: {link}"),
        ("positive", "New pricing for {p} is here. More data, same price {link}"),
        ("positive", "Bring your own {d} and save. Learn more at {link}"),
        ("positive", "Weekend deal: 50% off accessories in all {b} stores"),
    ],
    "tip": [
        ("neutral", "Tip: turn on wifi calling for better coverage indoors. Here's how: {link}"),
        ("neutral", "Travelling soon? Add the travel pass before you go {link}"),
        ("neutral", "Did you know you can check your data usage right in the app?"),
        ("neutral", "How to set up eSIM in three steps {link}"),
    ],
    "announcement": [
        ("neutral", "We're expanding 5G {where} this month. Check the coverage map {link}"),
        ("neutral", "Scheduled maintenance tonight 1-3am may affect service {where}"),
        ("positive", "Our new store {town} opens Saturday. Come say hi!"),
    ],
    "community": [
        ("positive", "What's your favourite thing to do with unlimited data? Tell us below 👇"),
        ("positive", "Shoutout to our community experts who answered 1,000 questions this month 💙"),
        ("neutral", "Weekly Q&A thread: ask our team anything about your plan"),
    ],
    "crosslink": [
        ("neutral", "New video on our YouTube channel: setting up your new {d} {yt}"),
        ("neutral", "Join the conversation on our community forum {forum}"),
        ("neutral", "Follow us on Instagram for behind-the-scenes {ig}"),
    ],
    "campaign": [
        ("positive", "Introducing {tag}: truly unlimited data for the whole family {link}"),
        ("positive", "{tag} is here. Switch today and keep your number {link}"),
        ("positive", "One plan, every line, no surprises. {tag} {link}"),
        ("positive", "Share how you use {tag} for a chance to win a new {d} {link}"),
    ],
    "crisis": [
        ("neutral", "Some customers on autopay were charged twice this week. We're sorry. Every duplicate charge is being refunded and we'll cover overdraft fees {link}"),
        ("neutral", "Update on the duplicate autopay charge: refunds have started, most within 3-5 business days {link}"),
    ],
}

#: Slang and typo substitutions applied by the perturbation step (word -> variants).
SLANG: dict[str, list[str]] = {
    "you": ["u", "ya"],
    "your": ["ur", "youre"],
    "are": ["r"],
    "please": ["pls", "plz", "pleeease"],
    "thanks": ["thx", "ty", "thank u"],
    "because": ["bc", "cuz"],
    "really": ["rly", "realy"],
    "people": ["ppl"],
    "though": ["tho"],
    "with": ["w/"],
    "don't": ["dont", "do not"],
    "can't": ["cant", "cannot"],
    "I'm": ["im", "Im", "i'm"],
    "it's": ["its"],
    "that's": ["thats"],
    "tonight": ["tonite"],
    "seriously": ["srsly", "seriosly"],
    "service": ["servce", "svc"],
    "signal": ["singal", "sigal"],
    "cancelling": ["canceling", "cancelling!!"],
    "never": ["NEVER", "nevr"],
    "great": ["gr8", "GREAT"],
    "minutes": ["mins"],
}

#: Hashtags that customers add on hashtag-heavy channels.
HASHTAGS: dict[str, list[str]] = {
    "negative": ["#fail", "#customerservice", "#badservice", "#frustrated", "#nosignal"],
    "neutral": ["#help", "#question", "#phones", "#carrier"],
    "positive": ["#love", "#happy", "#5G", "#recommend", "#blessed"],
}

#: A customer answering the brand's reply: whether the problem got solved (a satisfaction proxy).
FOLLOWUPS: dict[str, list[tuple[str, str, str]]] = {
    "resolved": [
        ("advocate", "positive", "{h} all sorted now, thank you!"),
        ("advocate", "positive", "{h} that worked, thanks for the quick help 🙏"),
        ("advocate", "positive", "{h} refund came through. Appreciate it"),
        ("passive", "neutral", "{h} ok it's working again. took long enough"),
    ],
    "unresolved": [
        ("venting", "negative", "{h} I already DMed you {n} times and still nothing"),
        ("venting", "negative", "{h} still not fixed. Restarting doesn't help"),
        ("past", "negative", "{h} a canned reply won't keep me. Porting out"),
        ("venting", "negative", "{h} you said 24 hours. It's been {n} days"),
    ],
}

# ---------------------------------------------------------------------------------------------
# External coverage (channel ``news``): invented outlets and headlines
# ---------------------------------------------------------------------------------------------

#: Invented outlets: (author_id, followers).
OUTLETS: list[tuple[str, int]] = [
    ("MetroTechDaily", 1_240_000), ("SignalWatchNews", 310_000), ("TheCarrierReport", 86_000),
    ("ConsumerPulseMag", 540_000), ("PocketTechNews", 172_000), ("WirelessBeatBlog", 64_000),
]

#: Headlines by occasion: (sentiment, template).
NEWS_TEMPLATES: dict[str, list[tuple[str, str]]] = {
    "routine": [
        ("neutral", "{b} expands 5G to {n} more cities this quarter"),
        ("negative", "{b} raises prices on {p}, second increase this year"),
        ("neutral", "Review: a month on {b}'s {p}"),
        ("positive", "{b} tops our coverage test {where}"),
        ("neutral", "{b} and {c} trade customers as the price war heats up"),
        ("negative", "Customers complain about {b}'s new fees"),
        ("positive", "{b} support gets faster, our test finds"),
        ("neutral", "How to switch carriers without losing your number: {b}, {c} and more compared"),
    ],
    "crisis": [
        ("negative", "{b} customers report being charged twice by autopay"),
        ("negative", "Autopay glitch at {b} leaves customers with overdraft fees"),
        ("neutral", "{b} confirms duplicate autopay charges, promises refunds"),
        ("negative", "{b}'s double-charge mess: what customers can do now"),
    ],
    "campaign": [
        ("positive", "{b} launches {tag}: unlimited data for the whole family"),
        ("neutral", "Hands-on with {tag}, {b}'s new unlimited plan"),
        ("positive", "{tag} undercuts {c} on family pricing"),
    ],
}

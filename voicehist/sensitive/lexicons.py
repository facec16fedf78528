"""Small curated word lists behind the lexical categories (health, child, secret, person).

Each entry is matched on word boundaries, case-insensitively, so every finding can be traced to one line
here. Names that are also everyday words ("will", "mark", "may", "grant") are in ``AMBIGUOUS_NAMES`` and count
only right after a word that introduces a person ("call Mark", "tell Will", "my friend Rose").
"""

from __future__ import annotations

HEALTH_WORDS = frozenset(
    """
diabetes diabetic insulin metformin cancer tumor tumour chemo chemotherapy biopsy malignant
depression depressed antidepressant antidepressants anxiety therapist therapy psychiatrist psychologist counselling
counseling rehab relapse sobriety addiction alcoholic overdose asthma inhaler allergic allergy allergies epipen
epilepsy seizure seizures migraine migraines headache headaches fever nausea vomiting diarrhea flu covid pneumonia
infection antibiotic antibiotics prescription prescriptions medication medications meds pills painkillers opioids
oxycodone ibuprofen tylenol advil xanax prozac zoloft adderall lexapro viagra cholesterol arrhythmia pacemaker
dialysis dementia alzheimer alzheimer's alzheimers parkinson parkinson's adhd autism autistic bipolar schizophrenia
ptsd ocd anorexia bulimia suicidal suicide hiv std stds herpes chlamydia hepatitis pregnant pregnancy miscarriage
abortion
ivf fertility contraception ovulation mammogram colonoscopy mri ultrasound surgery physiotherapy dentist co-pay copay
pediatrician gynecologist oncologist cardiologist dermatologist hospital clinic
doctor doctors nurse nurses physician surgeon medical medicine medicines symptom symptoms illness disease diseases
injury injuries injured wounded morphine poisoning prescribed vaccine vaccination patients
""".split()
)

HEALTH_PHRASES = [
    "panic attack",
    "panic attacks",
    "radiation therapy",
    "blood pressure",
    "blood pressure pills",
    "blood pressure medication",
    "heart attack",
    "kidney failure",
    "eating disorder",
    "self harm",
    "birth control",
    "ct scan",
    "physical therapy",
    "dentist appointment",
    "doctor's appointment",
    "doctors appointment",
    "doctor's office",
    "medical appointment",
    "emergency room",
    "urgent care",
    "pregnancy test",
    "hiv test",
    "covid test",
    "period cramps",
    "doctor's results",
    "doctors results",
    "test results",
    "blood test",
    "blood test results",
    "lab results",
    "scan results",
    "see the doctor",
    "see a doctor",
]

CHILD = """son sons daughter daughters kid kids kid's kids' child children child's children's baby baby's babies
toddler toddlers newborn infant infants grandkid grandkids grandchild grandchildren grandson granddaughter stepson
stepdaughter daycare preschool kindergarten nursery babysitter babysitter's nanny pediatrician""".split()

# Words that introduce a secret; the finding runs from the keyword over the value that follows. "code" counts
# only after one of CODE_QUALIFIERS ("the garage code is ..."), so "security code", "login code"... need no line.
SECRET_KEYWORDS = [
    "password",
    "passwords",
    "passcode",
    "passphrase",
    "pin",
    "pin number",
    "pin code",
    "code",
    "security question answer",
    "security question",
    "combination",
    "mother's maiden name",
]
# "code" alone is too common ("code red", "zip code"): it needs one of these before it
CODE_QUALIFIERS = frozenset(
    "alarm door garage gate lock security verification access login wifi wi-fi safe entry keypad confirmation"
    " two-factor authentication otp one-time pin the my our your".split()
)

# Common first names (US/UK). Public-domain frequency lists guided the choice; everyday words are apart.
FIRST_NAMES = set(
    """
james john robert michael william david richard joseph thomas charles christopher daniel matthew anthony donald
steven paul andrew joshua kenneth kevin brian george timothy ronald edward jason jeffrey ryan jacob gary nicholas
eric jonathan stephen larry justin scott brandon benjamin samuel gregory alexander frank patrick raymond jack dennis
jerry tyler aaron jose adam nathan henry douglas zachary peter kyle ethan walter noah jeremy christian keith roger
terry gerald harold sean austin carl arthur lawrence dylan jesse jordan bryan billy joe bruce gabriel logan albert
willie alan juan wayne elijah randy roy vincent ralph eugene russell bobby mason philip louis liam lucas oliver
aiden caleb owen luke isaac mateo levi sebastian hunter connor evan julian carlos miguel luis diego antonio
derek travis marcus trevor colin ian dominic victor oscar hector rafael andre omar ahmed mohammed muhammad ali
raj rahul arjun vikram hiroshi kenji wei chen jun
mary patricia jennifer linda elizabeth barbara susan jessica sarah karen lisa nancy betty margaret sandra ashley
kimberly emily donna michelle carol amanda dorothy melissa deborah stephanie rebecca sharon laura cynthia kathleen
amy angela shirley anna brenda pamela emma nicole helen samantha katherine christine debra rachel carolyn janet
catherine maria heather diane ruth julie olivia joyce virginia victoria kelly lauren christina joan evelyn judith
megan andrea cheryl hannah jacqueline martha gloria teresa ann sara madison frances kathryn janice jean abigail
alice julia judy sophia grace denise amber doris marilyn danielle beverly isabella theresa diana natalie brittany
charlotte marie kayla alexis lori ava mia amelia harper ella chloe zoe lily emily sofia aria scarlett nora riley
layla zoey penelope lillian addison aubrey ellie stella hazel violet aurora savannah audrey brooklyn bella claire
lucy caroline elena sienna jasmine priya ananya aisha fatima mei yuki sakura ling
jenny jen katie kate becky beth liz lizzie meg maggie sue tom tommy tim jim jimmy mike mikey dave danny dan matt
steve chris nick rob bob bobby ben sam josh andy tony greg jeff ken joey jake max zack zach charlie ollie alfie
freddie harry archie theo leo finn
""".split()
)
# More first names, from many places (Indian, Polish, Spanish, Arabic, Slavic, African, East Asian...): a household's
# contacts are not only the top US names. Everyday words are left out.
FIRST_NAMES |= set(
    """
aarav aditya akash amit anil arun deepak ganesh gaurav harsh karan manish mohit naveen nikhil pradeep pranav
rajesh rakesh ravi rohit sachin sanjay sandeep sanjeev suresh sunil tarun varun vijay vivek yash abhishek
aishwarya anjali deepika divya kavya lakshmi meera neha nisha pooja priyanka radha rekha shreya sneha sunita
swati tanvi usha vidya
pawel piotr krzysztof tomasz marek michal jakub kamil lukasz maciej wojciech agnieszka katarzyna malgorzata
magdalena joanna zofia ewa dorota
alejandro andres carmen diego fernando francisco javier jorge lucia manuel pablo pedro ramon rosa santiago
sergio valentina ximena mariana camila isabel beatriz ines joao tiago
ahmad hassan hussein ibrahim ismail karim khalid mahmoud mustafa omar tariq youssef yusuf zainab layla leila
nadia noor samira yasmin amira salma
aleksandr alexei andrei boris dmitri igor ivan mikhail nikolai oleg sergei vladimir yuri anastasia ekaterina
irina natasha olga svetlana tatiana yulia yelena
kwame kofi chidi emeka tunde ngozi amara nia zuri
haruto hiro takeshi yuto aiko hana haruka keiko minji jiwoo seojun hyun xiao ming li yan zhang hui
bradley brad clint barack angelina selena morgan elvis priscilla oprah arnold sylvester
shelley shelly sally martin derrick chelsea clara rita wyatt leon naomi ruby dean seth petey marian
abby adrian adriana agnes alana alberto alfred alicia alison allison alvin amanda amelia andy angel
angie anita annie antoine arlene arnie audrey barry becca benny bernard bernie beth betsy bianca brenda brent
brett bridget brooke bryce calvin cameron candice carla carlo carmen casey cassie cathy cecilia cedric chad
chester chuck cindy claudia clayton clifford cody colleen connie corey craig crystal curtis cyrus daisy dale
dallas damian damon dana darius darren darryl dave dawn debbie delia desmond devin dexter diane dolly dominique
donnie dora doug duncan dustin dwayne earl eddie edgar edith edna eileen elaine eleanor eli elijah ellen elliot
elliott eloise elsa elsie emilia emmett enrique erica erik erin ernest esther ethel eva evan everett fabian
felix fiona floyd francis franklin fred freddy gail gavin gene geoff geoffrey gerry gilbert gina glen glenn
gordon graham greta gus gwen hank harriet harvey heidi herbert herman hilda holly howard hugh hugo ida ingrid
irene isaiah isla ivan jackie jacqueline jaime jamal jan jana jane janet jared jasper javier jay jayden jeanne
jeff jenna jenny jeremiah jill jo joan joanna jodie joel johnny jon jonah josephine josie joy juanita judy julian
julie june justine kara karl kat katrina kay keira kelsey kendra kenny kerry kim kirk kristen kristin kurt kyle
lacey lana lance lara larry laurie lea lee leigh lena leonard leroy leslie lewis lila linda lindsay lisa lloyd
lois lola lorena lorraine louise lowell luca lucia lydia lynn mabel mack malcolm mandy marcia marco margo maria
marina mario marisa marjorie marlene marsha marvin mathew maureen maxine megan melanie melvin mercedes meredith
micah milo miranda misty mitchell molly monica monique nadine nancy neil nelson nina noel nolan norma norman
olivia otis pam patsy patty paula pauline pearl peggy penny percy phil phoebe phyllis quinn rachel ramona randall
randolph reggie renee rhonda ricardo rick ricky riley roberta rodney roland ron ronnie rosie ross roxanne rudy
russ ruth ryan sabrina sadie sasha shane shannon shaun shawn sheila sherry shirley sid simon sonia sonny sophie
spencer stacy stan stanley stefan stella steph stuart susie sydney tamara tammy tanya ted teddy tessa tina toby
todd tom tracy trent troy trudy ursula valerie vance vanessa vera vernon veronica vic vicky viola virgil wade
wallace wanda warren wendy wes wesley whitney wilbur wilma winston yolanda yvonne zelda
""".split()
)

# Names that are also everyday words: only after a word that introduces a person.
AMBIGUOUS_NAMES = set(
    """will mark may june april august grant rose joy hope faith dawn bill pat art jack sky summer autumn frank ray
    carol rich drew chase hunter taylor jordan austin lily ivy iris ruby jade amber grace victoria sue max rob nick
    bob ken hazel violet savannah brooklyn madison aurora jean wei ling harper ali stella bella penny crystal angel
    holly earl chuck lance wade misty pearl mack jan glen dallas sydney daisy dawn joy kay lee kim sid ted gene
    dale trent vance mercedes carmen chester otis nelson lewis howard gordon norman kerry stan russ rusty sonny
    jay sherry brandy""".split()
)
# Names that are also places a voice assistant is asked about ("the weather in charlotte", "flights to sofia"):
# a person only after a word that introduces one, never for a capital alone.
PLACE_NAMES = frozenset(
    """paris virginia georgia charlotte florence sofia santiago eugene chelsea jackson lincoln victoria austin dallas
    sydney regina adelaide savannah madison orlando tyler carolina nevada india israel jordan kent devon florida
    phoenix denver houston vienna camden hamilton chester lancaster warren clayton preston jersey aurora brooklyn
    raleigh beverly shelby albany""".split()
)
AMBIGUOUS_NAMES |= PLACE_NAMES
# ... unless one of these follows: a place does not reply ("did charlotte respond", "has will texted")
SAID_VERBS = frozenset(
    """said says say called calls call texted texts text emailed emails email replied replies reply responded
    respond responds wrote writes write messaged messages rang answered answer answers""".split()
)
# Unambiguous first names minus the ambiguous ones and the assistants' names
UNAMBIGUOUS_NAMES = FIRST_NAMES - AMBIGUOUS_NAMES
# The assistants and their published near-misses are not people here (the wake word is left out).
NOT_NAMES = frozenset("alexa alexis alex echo siri google cortana bixby computer amazon ziggy".split())

# Words after which a known name (even an ambiguous one) is a person.
PERSON_CUES = frozenset(
    """call text message tell ask remind email phone ring with and invite meet named called dear
    husband wife son daughter brother sister friend boss mom dad mum uncle aunt cousin neighbor neighbour
    grandson granddaughter boyfriend girlfriend partner mr mrs ms miss dr doctor""".split()
)
TITLES = frozenset("mr mrs ms miss dr".split())
# Words before a name that make it one ("president madison", "senator warren"): a name any list holds (the
# curated ones or the census's first names and surnames) right after one of these is a person.
HONORIFICS = frozenset(
    "president senator governor mayor congressman congresswoman prince princess king queen sir dame lord lady"
    " saint pope professor judge justice officer detective coach".split()
)

# A name right after one of these (within a few words) names an artist, an author or a title, not a person
# found in the house: "play some Taylor Swift", "music by Billy Joel", "resume Harry Potter".
MEDIA_CUES = frozenset(
    """play playing resume shuffle listen listening hear playlist playlists song songs music album albums
    track tracks episode episodes audiobook audiobooks podcast podcasts radio station by sing sings singer band
    artist""".split()
)
# ... and these right after a name: "bob dylan playlist", "justin bieber's sorry" is caught by "play" before it
MEDIA_AFTER = frozenset(
    "playlist playlists songs song album albums music radio station podcast audiobook book books novel novels movie"
    " movies film films".split()
)
# Words that make the word after them a contact: "call Mark", "text Yulia", "email to Rohit", "meeting with Mona"
CONTACT_VERBS = frozenset("call ring phone text message email mail ping contact remind invite meet reply".split())
CONTACT_NOUNS = frozenset(
    "email emails mail message messages text texts meeting call invite reminder reply replies received".split()
)
CONTACT_PREPS = frozenset("to with from for".split())
# ... and these after it: "find naty in my contacts", "delete rohit from my contact list"
CONTACTS_AFTER = frozenset({("in", "my"), ("from", "my"), ("to", "my")})
# "the email of Jack", "the home phone number of Mark", "contact details of Rehan"
CONTACT_DETAILS = frozenset("email emails mail number address details contact reply replies message messages".split())
# Assistants' names that are also people's first names: a person after a contact cue ("send a mail to alex")
NAMED_LIKE_ASSISTANTS = frozenset("alex alexis".split())
# Words before a place's name: "san antonio", "los angeles", "santa monica"
PLACE_PREFIXES = frozenset("san santa los las".split())
# A name before "'s" and one of these: "rita's birthday", "leon's email", "jay's phone number"
POSSESSED = frozenset(
    "birthday email phone number address party wedding anniversary house place mobile cell contact facebook"
    " instagram twitter profile".split()
)
# Question frames about a person: "how old is Clint Eastwood", "who is Mona", "birthday of Barack Obama"
ABOUT_CUES = (
    ("how", "old", "is"),
    ("how", "old", "was"),
    ("how", "tall", "is"),
    ("who", "is"),
    ("who", "was"),
    ("birthday", "of"),
    ("age", "of"),
    ("married", "to"),
    ("wife", "of"),
    ("husband", "of"),
    ("net", "worth", "of"),
    ("actor",),
    ("actress",),
)
# Words that are never a name where a cue would make one: function words, time words, relations, things.
NOT_A_NAME = frozenset(
    """a an the my your our his her their its this that these those me him them us you it i we they he she all any
    some every each everyone everybody someone somebody anyone anybody no none back now later today tonight
    tomorrow yesterday morning evening afternoon noon night week weekend month year again soon there here home
    work office mom mum dad mother father mama papa wife husband son daughter brother sister boss friend friends
    team family parents kids children grandma grandpa grandmother grandfather aunt uncle cousin neighbor neighbour
    colleague colleagues coworker coworkers client clients customer customers manager assistant doctor dentist
    teacher new next last latest first recent meeting meetings email emails mail message messages contact contacts
    number numbers phone list lists calendar event events reminder reminders alarm alarms timer inbox about
    regarding saying that what when where why how which who whom whose if and or but of in on at up out off over
    into onto upon is are was were be been being do does did have has had can could will would should may might
    must not yes ok okay please thanks thank hello hi hey bye order orders pizza taxi uber car train bus flight
    hotel restaurant store shop bank support service help reply replies response responses them time times
    appointment appointments birthday birthdays party lunch dinner breakfast coffee tea music song songs news
    weather traffic unread important sent spam draft drafts tell say ask it's that's let lets one two three four
    five six seven eight nine ten something anything nothing everything people person guy guys girl girls address
    addresses detail details information info delivery lately calls city airport cab nearest local underscore
    dash hyphen dot period slash born since until till named called monday tuesday wednesday thursday friday
    saturday sunday january february september october november december by id yet daddy mommy mummy
    recipient""".split()
)
# Relation words after which (with "my", "our"... before them) even an unknown word is a name: "my friend Divya"
RELATIONS = frozenset(
    """husband wife son daughter brother sister friend boss mom dad mum uncle aunt cousin neighbor neighbour
    grandson granddaughter boyfriend girlfriend partner assistant colleague coworker roommate""".split()
)
POSSESSIVES = frozenset("my our your his her their".split())

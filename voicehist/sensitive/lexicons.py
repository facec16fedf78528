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
ptsd ocd anorexia bulimia suicidal hiv std stds herpes chlamydia hepatitis pregnant pregnancy miscarriage abortion
ivf fertility contraception ovulation mammogram colonoscopy mri ultrasound surgery physiotherapy dentist co-pay copay
pediatrician gynecologist oncologist cardiologist dermatologist hospital clinic
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
]

CHILD = """son sons daughter daughters kid kids kid's kids' child children child's children's baby baby's babies
toddler toddlers newborn infant infants grandkid grandkids grandchild grandchildren grandson granddaughter stepson
stepdaughter daycare preschool kindergarten nursery babysitter babysitter's nanny pediatrician""".split()

# Words that introduce a secret; the finding runs from the keyword over the value that follows.
SECRET_KEYWORDS = [
    "password",
    "passwords",
    "passcode",
    "passphrase",
    "pin",
    "pin number",
    "pin code",
    "code",
    "security code",
    "verification code",
    "security question answer",
    "security question",
    "combination",
    "mother's maiden name",
    "login code",
    "access code",
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

# Names that are also everyday words: only after a word that introduces a person.
AMBIGUOUS_NAMES = set(
    """will mark may june april august grant rose joy hope faith dawn bill pat art jack sky summer autumn frank ray
    carol rich drew chase hunter taylor jordan austin lily ivy iris ruby jade amber grace victoria sue max rob nick
    bob ken hazel violet savannah brooklyn madison aurora jean wei ling harper ali stella bella""".split()
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

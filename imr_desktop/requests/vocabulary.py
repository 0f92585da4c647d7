"""The words reviewers and requests use, and what they mean.

Two tables share this module because they describe the same language:

- ``ABBREVIATIONS``: an abbreviation or synonym -> phrases that mean the same in
  guideline text. The guideline search expands a typed word into an OR group of them.
- ``CONCEPTS`` and ``REGIONS``: the surface forms of what a request asks for and
  where. Request understanding (:mod:`.understand`) maps a request's words onto them,
  so "PT 2x6 low back" and "Physical therapy, 12 sessions, lumbar spine" mean the same.

Facts about medical language only; no text from any letter.
"""

from __future__ import annotations

from dataclasses import dataclass

# --- the guideline search's expansions --------------------------------------------------

ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "pt": ("physical therapy", "physical medicine"),
    "physio": ("physical therapy", "physical medicine"),
    "physiotherapy": ("physical therapy", "physical medicine"),
    "ot": ("occupational therapy",),
    "esi": ("epidural steroid injection", "epidural"),
    "esis": ("epidural steroid injection", "epidural"),
    "tens": ("transcutaneous electrical nerve stimulation",),
    "nsaid": ("nonsteroidal anti-inflammatory", "anti-inflammatory", "nsaids"),
    "nsaids": ("nonsteroidal anti-inflammatory", "anti-inflammatory", "nsaid"),
    "ppi": ("proton pump inhibitor", "ppis"),
    "ppis": ("proton pump inhibitor", "ppi"),
    "mbb": ("medial branch block",),
    "rfa": ("radiofrequency ablation", "radiofrequency neurotomy", "radiofrequency"),
    "udt": ("urine drug testing", "urine drug screen", "drug testing"),
    "uds": ("urine drug testing", "urine drug screen", "drug testing"),
    "fce": ("functional capacity evaluation",),
    "emg": ("electromyography", "electrodiagnostic"),
    "ncv": ("nerve conduction", "electrodiagnostic", "ncs"),
    "ncs": ("nerve conduction", "electrodiagnostic", "ncv"),
    "edx": ("electrodiagnostic",),
    "cbt": ("cognitive behavioral therapy", "behavioral interventions", "psychotherapy"),
    "hep": ("home exercise program", "home exercise"),
    "dme": ("durable medical equipment",),
    "mri": ("magnetic resonance imaging",),
    "ct": ("computed tomography",),
    "scs": ("spinal cord stimulator",),
    "frp": ("functional restoration program",),
    "prp": ("platelet-rich plasma", "platelet rich plasma"),
    "eswt": ("shockwave", "extracorporeal shock wave"),
    "med": ("morphine equivalent dose",),
    "mme": ("morphine equivalent dose", "med"),
    "cures": ("pdmp", "prescription drug monitoring"),
    "pdmp": ("cures", "prescription drug monitoring"),
    "chiro": ("chiropractic", "manipulation"),
    "chiropractic": ("manipulation",),
    "manipulation": ("chiropractic",),
    "tca": ("tricyclic",),
    "tcas": ("tricyclic",),
    "aed": ("anti-epilepsy", "anticonvulsant"),
    "aeds": ("anti-epilepsy", "anticonvulsant"),
    "snri": ("serotonin norepinephrine",),
    "ecg": ("electrocardiogram", "ekg"),
    "ekg": ("electrocardiogram", "ecg"),
    "cts": ("carpal tunnel",),
    "crps": ("complex regional pain syndrome",),
    "ssri": ("selective serotonin",),
    "idds": ("intrathecal drug delivery",),
    "h-wave": ("h wave",),
    "lidoderm": ("lidocaine",),
    "flexeril": ("cyclobenzaprine",),
    "neurontin": ("gabapentin",),
    "cryotherapy": ("cold therapy", "cryotherapy"),
    # Reviewers name the body part; the library names the region.
    "lumbar": ("low back", "lumbosacral"),
    "lumbosacral": ("low back", "lumbar"),
    "cervical": ("neck",),
    "neck": ("cervical",),
    "wrist": ("hand", "carpal"),
    "hand": ("wrist",),
}


def word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


STOPWORDS = word_set("a an and are as at be by for from in is it of on or the to with per vs")


# --- what a request asks for ---------------------------------------------------------------


@dataclass(frozen=True)
class Concept:
    key: str  # stable id, one token ("physical_therapy"): the precedents index stores it
    label: str  # how the app shows it
    category: str  # see CATEGORIES
    phrases: tuple[str, ...]  # surface forms, lower case, words separated by spaces


# Request categories, in the order the app lists them.
CATEGORIES = (
    "medication",
    "therapy",
    "imaging",
    "electrodiagnostic",
    "injection",
    "surgery",
    "equipment",
    "evaluation",
    "testing",
    "services",
    "other",
)


def _c(key: str, label: str, category: str, *phrases: str) -> Concept:
    return Concept(key, label, category, (label, *phrases))


CONCEPTS: tuple[Concept, ...] = (
    # therapy and modalities
    _c("physical_therapy", "physical therapy", "therapy", "pt", "physio", "physiotherapy",
       "physical medicine", "physical medicine treatment", "therapeutic exercise",
       "therapeutic exercises", "physical rehabilitation"),
    _c("occupational_therapy", "occupational therapy", "therapy", "ot", "hand therapy"),
    _c("chiropractic", "chiropractic", "therapy", "chiro", "chiropractor", "chiropractic care",
       "manipulation", "spinal manipulation", "manual therapy", "chiropractic manipulation",
       "osteopathic manipulation", "chiropractic manipulative treatment", "cmt", "omt",
       "chirophysio", "chirophysiotherapy", "chiropractic physiotherapy"),
    _c("acupuncture", "acupuncture", "therapy", "electroacupuncture", "electro acupuncture",
       "elect acupuncture", "acupuncturist"),
    _c("massage", "massage", "therapy", "massage therapy", "myofascial release"),
    _c("aquatic_therapy", "aquatic therapy", "therapy", "pool therapy", "aqua therapy",
       "water therapy", "aquatic exercise"),
    _c("work_conditioning", "work conditioning", "therapy", "work hardening"),
    _c("functional_restoration", "functional restoration program", "therapy", "frp",
       "functional restoration", "chronic pain program", "hcp"),
    _c("biofeedback", "biofeedback", "therapy"),
    _c("psychotherapy", "psychotherapy", "therapy", "cbt", "cognitive behavioral therapy",
       "cognitive behavioural therapy", "psychological treatment", "counseling",
       "behavioral therapy", "psychological therapy"),
    _c("home_exercise", "home exercise", "therapy", "home exercise program", "hep",
       "home exercise kit", "exercise kit"),
    _c("tens", "TENS", "equipment", "tens unit", "transcutaneous electrical nerve stimulation",
       "transcutaneous electrical nerve stimulator", "ems tens unit", "ems tens"),
    _c("electrical_stimulation", "electrical stimulation", "therapy", "e stim", "estim",
       "electric stimulation", "electrical muscle stimulation", "ems", "nmes",
       "neuromuscular electrical stimulation", "interferential", "interferential stimulation",
       "interferential current", "ifc", "galvanic stimulation", "neurostimulation"),
    _c("h_wave", "H-wave", "therapy", "h wave", "h wave stimulation", "h wave unit"),
    _c("ultrasound", "ultrasound", "therapy", "therapeutic ultrasound", "pulsed ultrasound",
       "sonography", "ultrasonography"),
    _c("infrared", "infrared therapy", "therapy", "infrared", "infra red"),
    _c("laser", "laser therapy", "therapy", "low level laser", "low level laser therapy",
       "lllt", "cold laser", "laser"),
    _c("shockwave", "shockwave therapy", "therapy", "shockwave", "shock wave",
       "shock wave therapy", "eswt", "extracorporeal shockwave", "extracorporeal shock wave",
       "extracorporeal shockwave therapy", "extracorporeal shock wave therapy"),
    _c("traction", "traction", "therapy", "home traction",
       "traction unit"),
    _c("cold_therapy", "cold therapy", "equipment", "cryotherapy", "cryotherapy unit",
       "cold therapy unit", "cryo unit", "ice", "cold pack", "vascutherm", "game ready",
       "polar care", "continuous flow cryotherapy"),
    _c("heat_therapy", "heat therapy", "equipment", "heat", "heating pad", "heat pad",
       "hot pack", "heat wrap", "thermotherapy"),
    _c("hot_cold", "hot/cold therapy", "equipment", "hot cold", "hot cold therapy",
       "hot and cold", "heat and cold", "hot cold wrap", "hot cold therapy wrap"),
    # imaging
    _c("mri", "MRI", "imaging", "magnetic resonance imaging", "magnetic resonance", "mr",
       "mri scan", "open mri", "mars mri", "mars mri scan", "mr imaging"),
    _c("arthrogram", "arthrogram", "imaging", "mr arthrogram", "arthrography",
       "mr arthrography", "ct arthrogram"),
    _c("ct", "CT", "imaging", "ct scan", "computed tomography", "cat scan", "ct scans"),
    _c("x_ray", "X-ray", "imaging", "x ray", "xray", "radiograph", "plain film", "plain films",
       "x ray study"),
    _c("bone_scan", "bone scan", "imaging", "three phase bone scan", "bone scintigraphy",
       "triple phase bone scan"),
    _c("thermography", "thermography", "imaging", "infrared thermography"),
    # Locates points for hyperstimulation analgesia: not a picture of anything.
    _c("impedance_imaging", "trigger point impedance imaging", "imaging",
       "trigger points impedance imaging", "tpii", "impedance imaging"),
    # electrodiagnostic and other tests
    _c("emg", "EMG", "electrodiagnostic", "electromyography", "electromyogram", "emgs"),
    _c("nerve_conduction", "nerve conduction studies", "electrodiagnostic", "ncv", "ncs",
       "nerve conduction", "nerve conduction study", "nerve conduction velocity",
       "nerve conduction velocities", "nerve conduction test"),
    _c("ssep", "SSEP", "electrodiagnostic", "somatosensory evoked potential",
       "somatosensory evoked potentials", "evoked potentials"),
    _c("eeg", "EEG", "testing", "electroencephalogram", "electroencephalography"),
    _c("ecg", "ECG", "testing", "ekg", "electrocardiogram", "electrocardiography"),
    _c("urine_drug_test", "urine drug testing", "testing", "udt", "uds", "urine drug screen",
       "urine drug test", "urine toxicology", "drug screen", "drug test", "drug testing",
       "urine drug screening", "urine test"),
    _c("urinalysis", "urinalysis", "testing", "ua"),
    _c("blood_count", "CBC", "testing", "cbc", "complete blood count"),
    _c("metabolic_panel", "metabolic panel", "testing", "cmp", "bmp", "chem panel",
       "chemistry panel", "comprehensive metabolic panel", "basic metabolic panel", "chem 7"),
    _c("coagulation", "coagulation tests", "testing", "pt ptt", "pt inr", "ptt", "inr",
       "prothrombin time"),
    _c("lab_tests", "laboratory tests", "testing", "lab", "labs", "lab work", "blood work",
       "blood test", "laboratory", "laboratory testing"),
    _c("fce", "functional capacity evaluation", "evaluation", "fce",
       "functional capacity exam", "functional capacity assessment"),
    _c("grip_test", "grip strength test", "testing", "jamar", "jamar grip", "grip test",
       "grip strength"),
    _c("range_of_motion_test", "range of motion testing", "testing", "range of motion test",
       "rom test", "rom testing", "computerized range of motion"),
    # injections and procedures
    _c("epidural_injection", "epidural steroid injection", "injection", "esi",
       "epidural injection", "epidural", "epidural steroid", "transforaminal epidural",
       "interlaminar epidural", "caudal epidural", "transforaminal epidural steroid injection"),
    _c("facet_injection", "facet injection", "injection", "facet block", "facet blocks",
       "facet joint injection", "facet joint block", "medial branch block", "mbb",
       "medial branch blocks"),
    _c("radiofrequency", "radiofrequency ablation", "injection", "rfa", "radiofrequency",
       "rhizotomy", "neurotomy", "radiofrequency neurotomy"),
    _c("trigger_point_injection", "trigger point injection", "injection", "tpi",
       "trigger point injections", "trigger points injection"),
    _c("prp", "platelet-rich plasma", "injection", "prp", "platelet rich plasma",
       "prp injection"),
    _c("steroid_injection", "corticosteroid injection", "injection", "cortisone injection",
       "steroid injection", "cortisone", "corticosteroid", "intra articular injection"),
    _c("viscosupplementation", "viscosupplementation", "injection", "hyaluronic acid",
       "synvisc", "orthovisc", "euflexxa", "supartz", "gel one"),
    _c("nerve_block", "nerve block", "injection", "stellate ganglion block",
       "sympathetic block", "occipital nerve block"),
    _c("spinal_cord_stimulator", "spinal cord stimulator", "surgery", "scs",
       "spinal cord stimulation", "dorsal column stimulator"),
    # surgery
    _c("arthroscopy", "arthroscopy", "surgery", "arthroscopic", "arthroscopic surgery",
       "operative arthroscopy"),
    _c("meniscectomy", "meniscectomy", "surgery", "meniscus repair", "meniscal repair"),
    _c("rotator_cuff_repair", "rotator cuff repair", "surgery", "cuff repair"),
    _c("slap_repair", "SLAP repair", "surgery", "slap", "superior labral anterior posterior",
       "labral repair"),
    _c("decompression", "decompression", "surgery", "subacromial decompression",
       "acromioplasty", "laminectomy", "laminotomy", "foraminotomy", "microdiscectomy",
       "discectomy"),
    _c("carpal_tunnel_release", "carpal tunnel release", "surgery", "ctr",
       "open carpal tunnel release", "endoscopic carpal tunnel release"),
    _c("fusion", "spinal fusion", "surgery", "fusion", "arthrodesis", "acdf"),
    _c("arthroplasty", "joint replacement", "surgery", "arthroplasty", "replacement",
       "total knee", "total hip", "tka", "tha", "total joint"),
    _c("assistant_surgeon", "assistant surgeon", "surgery", "pa assist", "surgical assistant",
       "assistant", "co surgeon", "physician assistant assist"),
    _c("medical_clearance", "medical clearance", "evaluation", "clearance",
       "preoperative clearance", "surgical clearance", "preoperative medical clearance"),
    _c("surgery", "surgery", "surgery", "surgical", "operation", "repair", "debridement",
       "reconstruction", "release", "excision", "tenodesis", "tenosynovectomy"),
    # equipment
    _c("brace", "brace", "equipment", "braces", "splint", "orthosis", "support", "lso"),
    _c("sling", "sling", "equipment", "ultrasling"),
    _c("wheelchair", "wheelchair", "equipment", "wheel chair", "power chair",
       "motorized wheelchair"),
    _c("scooter", "scooter", "equipment", "knee scooter", "mobility scooter", "knee walker"),
    _c("walker", "walker", "equipment", "rolling walker", "front wheeled walker", "cane",
       "crutches", "crutch"),
    _c("commode", "commode", "equipment", "bedside commode", "3 in 1 commode",
       "toilet seat", "raised toilet seat"),
    _c("shower_chair", "shower chair", "equipment", "bath chair", "bath shower chair",
       "shower bench", "tub bench", "bath bench"),
    _c("hospital_bed", "hospital bed", "equipment", "adjustable bed"),
    _c("mattress", "mattress", "equipment"),
    _c("pillow", "pillow", "equipment", "wedge pillow", "orthopedic pillow"),
    _c("hearing_aids", "hearing aids", "equipment", "hearing aid"),
    _c("compression", "compression garment", "equipment", "leg wraps", "compression wraps",
       "compression stockings", "dvt prophylaxis", "sequential compression device",
       "compression device", "pneumatic compression", "leg wrap"),
    _c("workstation", "ergonomic workstation", "equipment", "sit stand workstation",
       "standing desk", "ergonomic chair", "workstation"),
    _c("pad", "protective pad", "equipment", "cushion"),
    _c("exercise_equipment", "exercise equipment", "equipment", "exercise ball",
       "resistance band", "theraband", "pulley", "home gym", "stationary bike"),
    _c("gym_membership", "gym membership", "equipment", "gym", "health club",
       "pool membership", "ymca"),
    _c("dme", "durable medical equipment", "equipment", "dme"),
    # evaluation and visits
    _c("office_visit", "office visit", "evaluation", "follow up", "follow up visit",
       "follow up office visit", "followup", "office visits", "re exam", "reexam",
       "re examination", "reexamination", "re evaluation", "reevaluation", "initial exam",
       "initial examination", "physical exam", "physical examination", "office consultation",
       "medication management", "medication management consultation", "new patient visit",
       "clinic visit"),
    _c("consultation", "specialist evaluation", "evaluation", "consult", "consultation",
       "evaluation", "eval", "referral", "second opinion", "evaluate", "toc",
       "transfer of care", "evaluation and treatment", "eval and treatment", "specialist"),
    _c("psych_evaluation", "psychological evaluation", "evaluation", "psych evaluation",
       "psychological assessment", "psychiatric evaluation", "psych eval",
       "psychological testing", "neuropsychological testing"),
    # services
    _c("home_health", "home health services", "services", "home health", "home health aide",
       "home aide", "home care", "home health care", "rn", "nurse", "nursing", "wound care",
       "home nursing", "caregiver", "home assistance", "homemaker"),
    _c("transportation", "transportation", "services", "transport", "medical transportation",
       "rides", "taxi"),
    _c("skilled_nursing", "skilled nursing facility", "services", "snf", "skilled nursing",
       "acute rehabilitation", "acute rehabilitation unit", "inpatient rehabilitation",
       "rehabilitation unit", "rehab unit"),
    _c("weight_loss", "weight loss program", "services", "weight loss", "weight management",
       "nutritionist"),
)  # fmt: skip


# --- where: body regions ---------------------------------------------------------------------


@dataclass(frozen=True)
class Region:
    key: str  # one token, stored in the precedents index
    label: str
    phrases: tuple[str, ...]
    # Regions a request naming this one also concerns ("spine" is the three spinal
    # regions; an upper extremity holds shoulder, elbow, wrist and hand).
    covers: tuple[str, ...] = ()


def _r(key: str, label: str, *phrases: str, covers: tuple[str, ...] = ()) -> Region:
    return Region(key, label, (label, *phrases), covers)


REGIONS: tuple[Region, ...] = (
    _r("cervical", "cervical spine", "cervical", "neck", "c spine", "cervical spinal",
       "cervicothoracic", "trapezius", "upper trapezius"),
    _r("thoracic", "thoracic spine", "thoracic", "t spine", "mid back", "middle back",
       "upper back", "thoracolumbar"),
    _r("lumbar", "lumbar spine", "lumbar", "lumbosacral", "lumbosacral spine", "l spine",
       "low back", "lower back", "back", "lumbar sacral", "sacroiliac", "si joint", "sacrum",
       "coccyx", "l4", "l5", "s1", "l3", "l4 5", "l5 s1"),
    _r("spine", "spine", "spinal", "whole spine", "entire spine",
       covers=("cervical", "thoracic", "lumbar")),
    _r("shoulder", "shoulder", "shoulders", "rotator cuff", "acromioclavicular"),
    _r("elbow", "elbow", "elbows", "olecranon"),
    _r("wrist_hand", "wrist/hand", "wrist", "wrists", "hand", "hands", "finger", "fingers",
       "thumb", "forearm", "forearms", "carpal", "forearm wrist and hand"),
    _r("hip", "hip/pelvis", "hip", "hips", "pelvis", "pelvic", "groin"),
    _r("knee", "knee/leg", "knee", "knees", "leg", "lower leg", "legs", "calf", "thigh",
       "femur", "patella"),
    _r("ankle_foot", "ankle/foot", "ankle", "ankles", "foot", "feet", "toe", "toes", "heel",
       "achilles"),
    _r("head", "head", "brain", "brainstem", "skull", "face", "jaw", "tmj", "eye", "eyes",
       "ear", "ears"),
    _r("upper_extremity", "upper extremity", "upper extremities", "ue", "ues", "rue", "lue",
       "bue", "arm", "arms", "upper limb", "upper limbs",
       covers=("shoulder", "elbow", "wrist_hand")),
    _r("lower_extremity", "lower extremity", "lower extremities", "le", "les", "rle", "lle",
       "ble", "lower limb", "lower limbs", covers=("hip", "knee", "ankle_foot")),
    _r("chest", "chest", "thorax", "ribs", "rib"),
    _r("abdomen", "abdomen", "abdominal", "hernia"),
)  # fmt: skip

# Services that name their body region themselves: "carpal tunnel release" is of the
# wrist whether or not the request says so.
IMPLIED_REGIONS: dict[str, str] = {
    "carpal_tunnel_release": "wrist_hand",
    "rotator_cuff_repair": "shoulder",
    "slap_repair": "shoulder",
    "meniscectomy": "knee",
}

# A side written as one word; "rue"/"lue"/... carry a side too.
SIDES: dict[str, str] = {
    "left": "left",
    "lt": "left",
    "right": "right",
    "rt": "right",
    "bilateral": "bilateral",
    "bilaterally": "bilateral",
    "both": "bilateral",
    "rue": "right",
    "rle": "right",
    "lue": "left",
    "lle": "left",
    "bue": "bilateral",
    "ble": "bilateral",
}

# Words that say how much, how often, in what form or in which order: they never say
# *what* is requested. Dropped when the request names anything else.
GENERIC_WORDS = word_set(
    """
    additional continue continued continuation initial further new repeat request requested
    session visit treatment therapy care service unit scan study test testing trial program
    purchase rental rent rented buy use day daily week weekly month monthly year hour minute
    min time supply coverage refill quantity qty unknown unspecified box container bottle
    tube dose dosage total times x twice once thrice every each up as needed prn
    affected area apply applied application orally oral mouth po by take taken tab tablet
    capsule cap caps sig bid tid qid qd qhs hs q approximately approx about per over
    during under guidance guided fluoroscopy fluoroscopic without with contrast dye
    non closed tesla standard custom one two three four five six seven eight nine ten eleven
    twelve thirteen fourteen fifteen sixteen eighteen twenty thirty
    sixty ninety hundred first second third
    injection injections hcl hydrochloride sod sodium potassium er sr xr xl dr cr ir la ec
    base compound compounded gram grams ml may repeat after before prior pain complaint
    flare up possible modality modalities
    """
)

"""Counts, triggers and intent from the per-language word lists, on sentences written for the tests."""
from __future__ import annotations

import pytest

from crosswire.text.events import (
    Trigger,
    background,
    counts,
    governed,
    harmed_uncounted,
    modality,
    occurred,
    reframe,
    triggers,
)


def _counts(text: str, lang: str) -> dict[str, int]:
    return {k: v["value"] for k, v in counts(text, lang, 0, len(text)).items()}


def test_counts_in_digits_words_and_the_arabic_dual():
    assert _counts("Two drones hit the depot, killing 3 guards and wounding 11.", "en") == {
        "drones": 2, "fatalities": 3, "injured": 11}
    assert _counts("L'armée a tiré 40 roquettes lors de deux opérations.", "fr") == {"rockets": 40, "operations": 2}
    assert _counts("L'explosion a blessé 12 passants et a tué 3 soldats.", "fr") == {"injured": 12, "fatalities": 3}
    assert _counts("أسفر الهجوم عن إصابة حارسين ومقتل ثلاثة مدنيين.", "ar") == {"injured": 2, "fatalities": 3}
    assert _counts("أعلنت الشرطة مقتل حسين في الهجوم.", "ar") == {}          # a given name, not a dual
    assert _counts("The 2019 agreement was signed in Cairo.", "en") == {}     # a year is not a count
    assert _counts("ضبطت الشرطة قذائف هاون عيار 120 ملم وصواريخ.", "ar") == {}   # nor is a calibre
    assert _counts("A shell fell 4 km from the camp, wounding 6 people.", "en") == {"injured": 6}


def test_a_governing_trigger_absorbs_the_one_it_governs():
    text = "The militia threatened to attack the convoy."
    found = governed(text, triggers(text, "en"))
    assert [(t.type, t.about) for t in found] == [("THREATEN", ["ASSAULT"])]


def test_a_physical_assault_is_a_beating():
    """"Assaulted" tells people beaten, as "beat up" does; a military "assault" is no trigger by itself."""
    assert [(t.type, t.mode) for t in triggers("Party activists assaulted two journalists outside the court.", "en")] == [
        ("ASSAULT", "beat")]
    assert triggers("The brigade prepared its assault for weeks.", "en") == []
    assert [(t.type, t.mode) for t in triggers("Officers beat two activists in the flat.", "en")] == [("ASSAULT", "beat")]
    assert [(t.type, t.mode) for t in triggers("Troops forcibly deported 40 villagers.", "en")] == [("ASSAULT", "abduct")]


def test_taking_to_the_streets_is_a_protest_and_burning_a_car_destroys():
    assert [t.type for t in triggers("About 1,400 people took to the streets in Velmar.", "en")] == ["PROTEST"]
    assert [t.type for t in triggers("Des milliers de personnes sont descendues dans la rue à Velmar.", "fr")] == ["PROTEST"]
    assert [(t.type, t.mode) for t in triggers("A crowd burnt a motorcycle near the market.", "en")] == [("COERCE", "destroy")]


def test_south_asian_english_names_protests_strikes_and_baton_charges():
    """"Bandh", "dharna", "shutter-down strike", "lathi-charged": the words of South Asian
    English news for a shutdown, a sit-in, a strike and the police beating a crowd."""
    assert [t.type for t in triggers("Traders observed a complete bandh in the district.", "en")] == ["PROTEST"]
    assert [(t.type, t.mode) for t in triggers("A shutter-down strike was observed.", "en")] == [("PROTEST", "strike-gen")]
    assert [(t.type, t.mode) for t in triggers("Police lathi-charged the crowd.", "en")] == [("ASSAULT", "beat")]


def _trigger(text: str, lang: str, word: str) -> Trigger:
    return next(t for t in triggers(text, lang) if text[t.start:t.end] == word)


def _background(text: str, lang: str, word: str) -> bool:
    return background(text, lang, (0, len(text)), _trigger(text, lang, word))


def test_relative_clauses_charges_and_arms_deals_are_background_not_reports():
    assert _background("أفرجت السلطات أمس عن الصحافي الذي اختطف في المدينة الشهر الماضي.", "ar", "اختطف")
    assert _background("وعاد الحارسان اللذان اختطفا في الصحراء إلى أهلهما.", "ar", "اختطفا")
    assert _background("وتظاهر أهالي العمال الذين خطفوا قرب الحدود.", "ar", "خطفوا")
    assert _background("وطالب بحماية الأطباء الذين أصبحوا عرضة للخطف في المدينة.", "ar", "للخطف")
    assert _background("ومثل ثلاثة رجال أمام المحكمة أمس بتهمة تفجير سيارة في السوق.", "ar", "تفجير")
    assert _background("Police seized a truck on Monday smuggling rockets across the border.", "en", "rockets")
    assert _background("The three men were charged with bombing a bus station.", "en", "bombing")
    assert not _background("فجر انتحاري نفسه أمس في سوق المدينة ما أسفر عن مقتل أربعة أشخاص.", "ar", "انتحاري")
    assert not _background("Gunmen who stormed the hotel on Monday killed four guards.", "en", "killed")


def test_arabic_counts_in_tens_after_verbs_and_of_people_abducted():
    assert _counts("قالت الشرطة إن عشرين مدنيا قتلوا في القصف.", "ar") == {"fatalities": 20}
    assert _counts("وقتلت القوات 47 مسلحا خلال الأسبوع.", "ar") == {"fatalities": 47}
    assert _counts("اختطف مسلحون سبعة عمال من موقع البناء.", "ar") == {"abducted": 7}
    assert _counts("انفجرت العبوتان في السوق وقتلا 9 أشخاص وجرحا 14 آخرين.", "ar") == {"fatalities": 9, "injured": 14}
    assert _counts("Gunmen kidnapped three engineers near the port.", "en") == {"abducted": 3}


def test_a_singular_victim_counts_one():
    assert _counts("أعلنت الشرطة مقتل شخص وإصابة ثلاثة في الانفجار.", "ar") == {"fatalities": 1, "injured": 3}
    assert _counts("The blast went off at noon, killing a policeman.", "en") == {"fatalities": 1}
    assert _counts("اختطف مهندس أجنبي من موقع البناء مساء الأحد.", "ar") == {"abducted": 1}
    assert _counts("Gunmen kidnapped an engineer from the site.", "en") == {"abducted": 1}


@pytest.mark.parametrize(("text", "lang"), [
    ("Soldiers arrested a clerk at his home. On 5 January, he was killed during interrogation.", "en"),
    ("She died in custody two days after her arrest.", "en"),
    ("Le lendemain, il a été tué par balle devant sa maison.", "fr"),
])
def test_one_told_by_a_pronoun_counts_one(text, lang):
    assert _counts(text, lang) == {"fatalities": 1}


def test_an_approximate_number_still_counts():
    assert _counts("A car bomb exploded, killing at least 15 people.", "en") == {"fatalities": 15}
    assert _counts("L'explosion a fait au moins 12 morts, tuant au moins 12 personnes.", "fr") == {"fatalities": 12}
    assert _counts("أدى الانفجار إلى مقتل أكثر من 30 شخصا.", "ar") == {"fatalities": 30}


def _modality(text: str, lang: str, word: str) -> str:
    return modality(text, lang, (0, len(text)), _trigger(text, lang, word))[0]


def test_a_denial_reaches_past_the_deniers_titles_until_another_speech_verb():
    assert _modality("ونفى المتحدث باسم قيادة العمليات المشتركة في المحافظة الجنوبية العقيد سالم الراوي أمس "
                     "اختطاف المهندسين الأربعة.", "ar", "اختطاف") == "denied"
    assert _modality("The ministry denied the claim, but villagers in the northern valley told reporters on "
                     "Sunday that gunmen abducted four engineers.", "en", "abducted") == "reported"


def test_inquiries_anniversaries_and_quoted_questions_are_background():
    assert _background("وطالب النائب بتسريع التحقيق في اغتيال رئيس البلدية.", "ar", "اغتيال")
    assert _background("Hundreds gathered on Friday for the anniversary of the bombing of the station.", "en", "bombing")
    assert _background("Il a demandé: « Qui a ordonné l'attentat contre la mairie ? »", "fr", "attentat")
    assert not _background("Il a dit: « Des hommes armés ont attaqué la mairie ce matin. »", "fr", "attaqué")


def test_kinds_of_violence_are_not_happenings_and_a_suspected_bomb_is_supposed():
    assert _background("The council listed crimes such as kidnapping and extortion.", "en", "kidnapping")
    assert _background("وتحدث التقرير عن انتهاكات من قبيل التعذيب والاعتقال التعسفي.", "ar", "التعذيب")
    assert _modality("وأغلقت الشرطة الشارع أمس للاشتباه بوجود سيارة مفخخة قرب الفندق.", "ar", "سيارة مفخخة") == "hypothetical"
    assert _modality("وحذر الخبراء من أن أي هجوم على المخيم سيؤدي إلى مقتل المئات.", "ar", "مقتل") == "hypothetical"


def _occurred(text: str, lang: str, word: str) -> bool:
    return occurred(text, lang, _trigger(text, lang, word))


def test_a_verb_of_taking_place_makes_a_known_event_told():
    assert _occurred("ووقع الانفجار ظهر أمس قرب محطة الوقود في البلدة.", "ar", "الانفجار")
    assert _occurred("The bombing took place on Monday at a bus depot.", "en", "bombing")
    assert _occurred("L'attentat a eu lieu mardi devant la préfecture.", "fr", "attentat")
    assert not _occurred("The bombing was condemned by the council on Monday.", "en", "bombing")


def test_vocalized_arabic_matches_like_bare_arabic():
    text = "وأُصيب أربعة حراس حين فُجِّرت عبوة ناسفة عند البوابة."
    assert [text[t.start:t.end] for t in triggers(text, "ar") if t.type == "ASSAULT"][:1] == ["فُجِّرت"]
    assert _counts(text, "ar") == {"injured": 4}


def test_people_harmed_without_a_number():
    harmed = frozenset({"fatalities", "injured"})
    for text, lang in [("وأسفر الهجوم عن إصابة عدد من المارة.", "ar"), ("The blast went off at noon, killing several guards.", "en"),
                       ("L'explosion a blessé plusieurs passants.", "fr")]:
        assert harmed_uncounted(text, lang, 0, len(text), harmed), text
    assert harmed_uncounted("انفجرت عبوة قرب مقر البلدية فجر اليوم دون وقوع إصابات.", "ar", 0, 60, harmed)
    assert harmed_uncounted("A bomb went off outside the office; no one was hurt.", "en", 0, 52, harmed)
    calm = "The talks were attended by several ministers."
    assert not harmed_uncounted(calm, "en", 0, len(calm), harmed)


def test_set_phrases_name_no_event_but_the_same_word_elsewhere_does():
    assert not [t for t in triggers("وضرب مثلا بالقرية المجاورة.", "ar") if t.type == "ASSAULT"]
    assert [t.type for t in triggers("The two parties struck a deal.", "en")] == ["AGREE"]
    assert "ASSAULT" in [t.type for t in triggers("A missile struck a school.", "en")]


def _fatalities(text: str, lang: str = "en") -> int | None:
    found = counts(text, lang, 0, len(text)).get("fatalities")
    return found["value"] if found else None


def test_tolls_as_reports_phrase_them():
    assert _fatalities("Twelve soldiers and three rebels were killed in the fighting near the border.") == 15
    assert _fatalities("The army said it killed a commander of the militia and a civilian on Friday.") == 2
    assert _fatalities("The victim died at the scene, police said.") == 1
    # a place or complement closing the counted noun is passed over, not a new clause
    assert _fatalities("At least seven civilians in different districts of the city were killed.") == 7
    assert _fatalities("Sept civils dans le quartier nord ont été tués.", "fr") == 7
    assert _fatalities("Seven men arrived in the village where a boy was killed.") == 1
    # a victim named with where he served: the number in the unit's name counts no one
    assert _fatalities("A captain from the army's battalion 101 was killed in a landmine blast near Velmar.") == 1
    assert _fatalities("Three prisoners died in custody at the central jail last week.") == 3
    assert _fatalities("La victime est morte sur place.", "fr") == 1
    assert _fatalities("Villagers lynched two men accused of stealing cattle.") == 2
    assert _fatalities("At least 20-25 people were killed in the blast.") == 20       # the lower figure
    assert _fatalities("After a 2-3 hour battle, 12 fighters were killed.") == 12       # the nearest number counts
    assert _fatalities("The gunmen fled towards Route 9. Two bodies were found later.") == 2   # not across the full stop
    assert _fatalities("The soldiers died in the ambush.") is None                      # how many is not said
    assert _fatalities("Forty fighters were killed or wounded, the ministry said.") is None   # dead and wounded together
    assert _fatalities("Between two and four farmers were killed in the raid.") == 2        # a range as a pair
    assert _fatalities("Two or three guards were killed at the gate.") == 2
    assert _fatalities("Entre deux et trois soldats ont été tués.", "fr") == 2
    assert _fatalities("He was killed on 12 March, and 3 others died later.") == 3          # 12 is the day
    assert _fatalities("Le 12 mars, 3 soldats ont été tués.", "fr") == 3


def test_a_language_without_number_words_still_reads_digits():
    text = "Tres soldados murieron , , y 3 civiles ."      # no Spanish profile: digits only, no empty match
    assert counts(text, "es", 0, len(text)) == {}


def test_tolls_listed_after_the_verb_add_up():
    assert _fatalities("The gunmen killed four guards and two drivers at the depot.") == 6
    assert _fatalities("Rebels shot dead one teacher and one nurse outside the clinic.") == 2
    assert _fatalities("Les assaillants ont tué trois gardes et deux chauffeurs.", "fr") == 5
    assert _counts("The raid killed three guards and wounded two drivers.", "en") == {"fatalities": 3, "injured": 2}
    assert _counts("The raid killed three guards and two were wounded.", "en") == {"fatalities": 3, "injured": 2}
    assert _fatalities("Troops killed five fighters in the valley and two days later withdrew.") == 5


def test_a_singular_phrase_is_read_by_its_head_noun():
    assert _fatalities("A spokesman of the rebel forces was shot dead near the market.") == 1
    assert _fatalities("The head of the border guards died of his wounds.") == 1
    assert _fatalities("The guards of the depot died in the fire.") is None
    assert _fatalities("Le porte-parole des forces rebelles a été tué.", "fr") == 1


def test_a_body_found_is_a_death_and_an_aside_does_not_hide_the_toll():
    assert _fatalities("Farmers found the body of a herder near the river.") == 1
    assert _fatalities("Police found the bodies of five men in a ditch.") == 5
    assert _fatalities("Two to four attackers, among them a commander, were killed.") == 2


@pytest.mark.parametrize(("text", "lang", "toll"), [
    ("Two people later succumbed to their injuries.", "en", 2),
    ("A man succumbed to his injuries in hospital.", "en", 1),
    ("Three soldiers lost their lives in the attack.", "en", 3),
    ("A policeman was martyred in the attack.", "en", 1),
    ("Four members of a family were burnt to death.", "en", 4),
    ("Trois soldats ont perdu la vie dans l'attaque.", "fr", 3),
    ("Un passant a succombé à ses blessures.", "fr", 1),
])
def test_deaths_told_without_killing_words_are_a_toll(text, lang, toll):
    assert counts(text, lang, 0, len(text))["fatalities"]["value"] == toll


def test_a_number_that_names_or_tells_the_time_is_no_toll():
    assert _fatalities("Gunmen from Sector 7 shot dead a trader at noon.") == 1
    assert _fatalities("An officer of battalion 33 was wounded; later 2 soldiers died.") == 2
    assert _fatalities("The judge was shot dead at 9 a.m outside the court.") == 1
    assert _counts("A guard was killed and 4 others were wounded.", "en") == {"fatalities": 1, "injured": 4}
    assert _fatalities("The convoy left Route 5. Three drivers died in the ambush.") == 3


def test_a_singular_victim_after_the_verb_counts_one():
    assert _fatalities("The gunmen killed the headmaster of the school and fled.") == 1
    assert _fatalities("Insurgents beheaded a shepherd near the border.") == 1
    assert _fatalities("Troops killed the fighters hiding in the forest.") is None
    assert _fatalities("Farmers discovered the dead body of a herder in a field.") == 1
    # a pronoun is one person, and one coordinated with it another
    assert _fatalities("Gunmen stopped the car and shot and killed him, then fled.") == 1
    assert _fatalities("Gunmen robbed a trader and killed her and the driver of the truck.") == 2


def test_a_number_before_verbs_that_share_an_object_counts_who_acted():
    """"Three men shot, killed and dismembered a girl": three attackers, not three dead; a
    clause joined by "and" after a toll is no object of its verb."""
    assert _fatalities("Three gang members shot, killed and dismembered a teenager in a house.") == 1
    assert _fatalities("Two men were shot dead, and a woman was injured in the attack.") == 2


def test_each_count_keeps_its_own_number():
    text = "Three soldiers were killed and 4 wounded when the convoy was hit."
    assert {k: v["value"] for k, v in counts(text, "en", 0, len(text)).items()} == {"fatalities": 3, "injured": 4}


@pytest.mark.parametrize(("text", "lang"), [
    ("An unknown number of people were killed when gunmen stormed the market.", "en"),
    ("Un nombre indéterminé de civils ont été tués dans l'attaque.", "fr"),
])
def test_a_toll_told_as_unknown_is_a_toll(text, lang):
    found = counts(text, lang, 0, len(text))
    assert "unknown_fatalities" in found and "fatalities" not in found


def _stated(text: str, lang: str, word: str) -> str:
    """The modality after PLOVER's reading of stated intent and negation."""
    trigger = _trigger(text, lang, word)
    mood, span = modality(text, lang, (0, len(text)), trigger)
    return reframe(text, lang, (0, len(text)), trigger, mood, span)[2]


def test_a_negated_happening_did_not_happen():
    assert _stated("The army, which claims to be the strongest, failed to find and destroy the tunnels.", "en",
                   "destroy") == "denied"
    assert _stated("L'armée n'a pas bombardé le village.", "fr", "bombardé") == "denied"
    assert _stated("Gunmen attacked the village and did not stop until dawn.", "en", "attacked") == "reported"
    assert _stated("لم يسفر الهجوم عن اصابات.", "ar", "الهجوم") == "reported"      # the verb is negated, not the attack


def test_a_number_counts_all_those_it_names_some_of():
    assert _fatalities("At least four passengers including a two-year-old girl died when the bus was hit.") == 4
    assert _fatalities("Quatre passagers dont un enfant ont été tués dans l'attaque du bus.", "fr") == 4
    assert _fatalities("Two guards were killed, including their commander, and a driver.") == 2
    assert _fatalities("Police found two rifles including a sniper rifle. A child was killed.") == 1   # no toll of two


def test_a_number_counts_a_party_joined_to_its_own():
    assert _fatalities("Eleven soldiers and a police officer were killed when the convoy was ambushed.") == 12
    assert _fatalities("Seven guards and militiamen died in the assault on the depot.") == 7
    assert _fatalities("Deux soldats et un gendarme ont été tués dans l'embuscade.", "fr") == 3
    assert _fatalities("Twelve soldiers and three rebels were killed in the fighting near the border.") == 15
    assert _fatalities("Nine troops were deployed and a soldier was killed.") == 1      # a clause, not a phrase


def test_a_toll_told_without_a_number_is_unknown():
    text = "Several soldiers were killed when the convoy hit the checkpoint."
    assert counts(text, "en", 0, len(text))["unknown_fatalities"]["value"] == 2
    text = "Plusieurs soldats ont été tués dans l'embuscade."
    assert "unknown_fatalities" in counts(text, "fr", 0, len(text))
    text = "Several soldiers guarded the checkpoint; none was hurt."
    assert "unknown_fatalities" not in counts(text, "en", 0, len(text))


def test_an_attack_repelled_is_a_fight():
    text = "On Monday, government troops repelled rebels trying to take the town of Velmar."
    assert "FIGHT" in {t.type for t in triggers(text, "en")}


@pytest.mark.parametrize(("text", "lang", "value"), [
    ("Three soldiers were reported to have been killed in the ambush.", "en", 3),
    ("Two guards were said to have been killed when the convoy was hit.", "en", 2),
    ("A farmer was reportedly killed near the well.", "en", 1),
    ("1 detainee was reported to be tortured and killed by the guards.", "en", 1),
    ("Trois soldats ont apparemment été tués dans l'embuscade.", "fr", 3),
])
def test_a_toll_told_with_a_hedge_counts_as_one_told_plainly(text, lang, value):
    assert counts(text, lang, 0, len(text))["fatalities"]["value"] == value

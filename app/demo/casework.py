"""Realistic casework for the demo's first families, so that every screen and
every printed document has something true-to-life to show: consent, an Early
Help Assessment (signed off by a team lead), a Graded Care Profile 2 for a
child where neglect is the worry (twice, to show change), a safety map where
safety is the worry, a Family Action Meeting, the family plan, visits, a
review, significant events, and for closed families a closure.

Everything is written through the services a worker uses (app.casework.consent,
app.casework.assessments, app.casework.meetings, app.casework.plans, app.casework.visits, app.casework.chronology,
app.casework.closure), so each record has its outbox operation and audit event and
passes the same checks. All of it is synthetic: the stories are composites
written for the demo, the names come from the demo's own lists.

:func:`add_casework` is called by :func:`app.demo.seed.seed` for the first few
families only (the bulk seed of thousands of families stays fast).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.casework.assessment_completion import complete_assessment, review_assessment
from app.casework.assessment_data import CompleteAssessment, DraftSave, NewAssessment, ReviewRequest
from app.casework.assessment_drafts import save_draft, start_assessment
from app.casework.chronology import ChronologyEntryRequest, save_chronology_entry
from app.casework.closure import CloseRequest, OutcomeAchieved, close_family, outcomes_to_close
from app.casework.consent import ConsentRequest, record_consent
from app.casework.meetings import (
    Attendee,
    MeetingRequest,
    PlanReviewRequest,
    record_review,
    save_meeting,
)
from app.casework.plans import (
    ActionProgress,
    ActionRequest,
    NeedRequest,
    OutcomeRequest,
    save_action,
    save_need,
    save_outcome,
)
from app.casework.visits import ChildSeen, VisitRequest, save_visit, uk_to_utc
from app.dates import today
from app.forms.answers import FILTER_ROLES, field_id_of, validate_answers
from app.forms.definition import Field, FormDefinition, Option, options_for, reference_options
from app.forms.loader import FormRegistry, load_default
from app.reference.levels_of_need import LevelsOfNeed
from app.store.caseload_store import Profile
from db.models import AgencyInvolvement, Family, Person

TEAM_LEAD_NAME = "Morgan Ellis"

# ------------------------------------------------------------------ the stories
#
# Placeholders: {mum} {dad} {carer} (the main carer's first name), {child}
# (the child the work centres on), {children}, {school}, {worker}.


@dataclass(frozen=True)
class ActionStory:
    text: str
    owner: str  # carer, second_carer, child, worker, or an agency name
    due_days: int  # after the Family Action Meeting
    note: str = ""


@dataclass(frozen=True)
class NeedStory:
    domain: str
    need: str
    outcome: str  # in the family's words
    actions: tuple[ActionStory, ...]


@dataclass(frozen=True)
class Story:
    key: str
    reasons: tuple[str, ...]  # request reasons (app.demo.seed.REASONS) this story fits
    ehat: Mapping[str, str]
    child_words: str
    carer_words: str
    carer_wants: str
    needs: tuple[NeedStory, ...]
    visit_notes: tuple[str, ...]
    visit_child_words: tuple[str, ...]
    follow_ups: tuple[str, ...]
    family_views: str
    child_views: str
    decisions: str
    review_family_views: str
    review_decisions: str
    family_feedback: str
    child_feedback: str
    events: tuple[tuple[str, str, str], ...]  # (event, source, impact on the child)
    gcp2: bool = False
    safety: Mapping[str, Any] | None = None


STORIES: tuple[Story, ...] = (
    Story(
        key="attendance",
        reasons=("school attendance", "behaviour at home", "anxiety", "Young carer"),
        ehat={
            "reason_for_assessment": (
                "{school} asked for help because {child}'s attendance has dropped to 81% this "
                "term and {child} is often late. {carer} says mornings are a battle and that "
                "{child} has said school 'makes my tummy hurt'."
            ),
            "family_hopes": (
                "{carer} wants {child} to go to school without tears and to feel less worried. "
                "{carer} would like calmer mornings for the whole family."
            ),
            "health_strengths": "{children} are registered with the GP and up to date with checks.",
            "health_needs": (
                "{child} complains of stomach aches on school days; the GP found nothing "
                "physical."
            ),
            "education_strengths": "{child} enjoys art and reading and has a good friend in class.",
            "education_needs": "Attendance 81% this term; late on 14 mornings. Behind in maths.",
            "emotional_strengths": (
                "{child} is affectionate and talks openly with {carer} at "
                "bedtime."
            ),
            "emotional_needs": (
                "{child} worries about being away from {carer} and has trouble getting to "
                "sleep."
            ),
            "child_development_summary": (
                "{child} is a bright, caring child whose worries about being apart from "
                "{carer} are keeping them out of school. Health and friendships are good."
            ),
            "basic_care_strengths": (
                "The home is warm and well kept; the children are well fed and "
                "dressed."
            ),
            "guidance_strengths": (
                "{carer} sets clear bedtimes and the children know the house "
                "rules."
            ),
            "stability_needs": "Mornings have no set routine since {carer} started early shifts.",
            "parenting_summary": (
                "{carer} is a loving parent who meets the children's needs well. Mornings "
                "have become hard since a change of work pattern, and {carer} is unsure how "
                "to respond when {child} refuses to go."
            ),
            "wider_family_strengths": (
                "Grandparents live nearby and can help with school runs twice a "
                "week."
            ),
            "employment_needs": "{carer}'s early shifts clash with the school day.",
            "family_environment_summary": (
                "A close family with support nearby. Work patterns make mornings rushed."
            ),
            "analysis_strengths": (
                "You are a warm and caring family. {carer} knows the children well and wants "
                "to help. {child} is doing well with friends and enjoys art and reading. "
                "Grandparents are close by and happy to help."
            ),
            "analysis_needs": (
                "{child}'s worries are keeping them out of school. Mornings need a routine "
                "that works with {carer}'s shifts, and school and home need to work together."
            ),
            "analysis_if_nothing_changes": (
                "{child} may fall further behind and find it even harder to go to school."
            ),
            "fam_reason": "To agree a plan with school, the school nurse and the family.",
            "level_reason": "Needs can be met with a coordinated early help plan.",
            "next_steps": "Family Action Meeting at school within 3 weeks; worker to visit weekly.",
        },
        child_words=(
            "\"I like drawing and my friend Amira. I don't like it when Mum drops me off "
            "because my tummy goes funny and I think something bad will happen.\""
        ),
        carer_words=(
            "I don't know what to do in the mornings. I hate seeing them upset, so sometimes "
            "I just let them stay home. I know that's not right."
        ),
        carer_wants="Help with a morning routine and someone at school {child} can go to.",
        needs=(
            NeedStory(
                "education",
                "{child} is missing school and is often late.",
                "{child} goes to school every day and feels OK when they get there.",
                (
                    ActionStory("Meet {child} at the gate each morning and go to the nurture room "
                                "for the first 10 minutes.", "School", 7),
                    ActionStory("Send a weekly attendance note home every Friday.", "School", 14),
                    ActionStory("Take {child} to school on Mondays and Tuesdays.",
                                "second_carer", 21),
                ),
            ),
            NeedStory(
                "wellbeing",
                "{child} worries a lot and finds it hard to sleep.",
                "{child} feels less worried and sleeps better.",
                (
                    ActionStory("Six sessions on worries with {child}, using the 'worry monster' "
                                "workbook.", "worker", 42),
                    ActionStory("Ask the school nurse to see {child} about sleep.", "worker", 14),
                    ActionStory("Keep a bedtime routine: no screens after 7.30pm, story at 8pm.",
                                "carer", 28),
                ),
            ),
            NeedStory(
                "relationships",
                "Mornings are stressful for the whole family.",
                "Our mornings are calm and we get out of the door on time.",
                (
                    ActionStory("Make a picture timetable for mornings with the children.",
                                "carer", 10),
                    ActionStory("Ask work about changing shift start time two days a week.",
                                "carer", 35),
                ),
            ),
        ),
        visit_notes=(
            "Visited at home after school. {carer} and {child} made a picture timetable "
            "together; {child} chose the pictures. Talked about what happens when {child} "
            "says no in the morning.",
            "Phone call with {carer}. Three full days at school this week, one late start. "
            "{carer} pleased; the timetable is on the fridge.",
            "Saw {child} alone at school in the nurture room. Did the second worries session. "
            "{child} drew the 'worry monster' and named three worries.",
        ),
        visit_child_words=(
            "\"I put the toothbrush picture first because that's the boring bit.\"",
            "",
            "\"My worry monster is scared of Mrs Kaur because she's kind.\"",
        ),
        follow_ups=(
            "Ask school for this half term's attendance figures.",
            "Book the school nurse appointment.",
        ),
        family_views=(
            "{carer} said it helped to hear that school want to help. {carer} worries that "
            "{child} will be told off for being late."
        ),
        child_views=(
            "{child} (spoken to before the meeting) wants a 'safe person' at school and "
            "wants to keep going to art club."
        ),
        decisions=(
            "School to offer a meet-and-greet each morning. Worker to do six worries sessions. "
            "Grandparents to do two school runs a week. Review in six weeks."
        ),
        review_family_views=(
            "{carer} says mornings are much calmer and the timetable works. Two bad mornings "
            "in the last fortnight."
        ),
        review_decisions=(
            "Attendance is up to 92%. Keep the morning meet-and-greet until half term. "
            "Worries sessions to finish; school nurse to follow up on sleep."
        ),
        family_feedback=(
            "\"You listened and didn't judge us. The picture timetable was the best thing.\""
        ),
        child_feedback="\"I liked the worry monster. I'm not so scared in the mornings now.\"",
        events=(
            ("School attendance meeting: attendance 81%, 14 late marks this term.", "School",
             "Missing learning and time with friends; growing worry about school."),
        ),
    ),
    Story(
        key="neglect",
        reasons=("hygiene and clothing", "toddler's weight", "substance misuse", "routines"),
        ehat={
            "reason_for_assessment": (
                "{school} noticed that {child} often comes in hungry, in the same clothes "
                "for several days, and has had head lice for weeks. {carer} agreed to an "
                "assessment when we met at school."
            ),
            "family_hopes": "{carer} wants to get on top of the house and feel less overwhelmed.",
            "health_strengths": "The baby's health visitor checks are up to date.",
            "health_needs": (
                "{child} has missed two dental appointments and has untreated tooth "
                "decay."
            ),
            "selfcare_needs": "{child} is often not washed and has had head lice since September.",
            "child_development_summary": (
                "The children are sociable and clearly loved, but their physical care is "
                "not consistently met: food, hygiene and health appointments."
            ),
            "basic_care_strengths": "{carer} makes sure the children have a cooked tea most days.",
            "basic_care_needs": "Breakfast is often missed; clothes are not washed regularly.",
            "warmth_strengths": (
                "{carer} is warm and affectionate; the children run to {carer} for "
                "comfort."
            ),
            "stability_needs": "No set bedtimes; the children are often up late.",
            "parenting_summary": (
                "{carer} loves the children and is warm with them. Low mood and money "
                "worries are making everyday care hard to keep up."
            ),
            "housing_needs": (
                "The flat is cluttered; the washing machine has been broken for two "
                "months."
            ),
            "income_needs": "Rent arrears of £640; waiting for a Universal Credit review.",
            "family_environment_summary": (
                "Money worries and a broken washing machine make everyday care "
                "harder."
            ),
            "analysis_strengths": (
                "You love your children and they love you. You cook for them most days and "
                "you have kept the baby's health checks up to date. You asked for help with "
                "the house, which takes courage."
            ),
            "analysis_needs": (
                "The children need breakfast every day, clean clothes and regular baths, and "
                "to get to the dentist. Money worries and low mood need support."
            ),
            "analysis_if_nothing_changes": (
                "The children's health could suffer, and {child} may be bullied at school."
            ),
            "fam_reason": (
                "To agree a plan with school, the health visitor, housing and the "
                "family."
            ),
            "level_reason": (
                "Several needs across the family; a coordinated early help plan is "
                "needed."
            ),
            "next_steps": "GCP2 with {child} this month; Family Action Meeting within 4 weeks.",
        },
        child_words=(
            "\"I like it when Mum does pancakes. I don't like my hair itching, and Jayden "
            "said I smell.\""
        ),
        carer_words=(
            "Everything's got on top of me since the machine broke. I'm doing my best but "
            "I'm so tired."
        ),
        carer_wants="Help with money, a washing machine, and getting the kids to the dentist.",
        needs=(
            NeedStory(
                "health",
                "The children's physical care is not always met: breakfast, washing, teeth.",
                "The kids have breakfast, clean clothes and clean teeth every day.",
                (
                    ActionStory("Breakfast club place for {child} from Monday.", "School", 5),
                    ActionStory("Book and go to dentist appointments for both children.",
                                "carer", 21),
                    ActionStory("Treat head lice with the kit from the pharmacy, and check weekly.",
                                "carer", 7),
                    ActionStory("Weekly visit to help with a bath-time and bedtime routine.",
                                "worker", 42),
                ),
            ),
            NeedStory(
                "income",
                "Rent arrears and no working washing machine.",
                "We've got a working washing machine and the rent is under control.",
                (
                    ActionStory("Apply to the local welfare fund for a washing machine.",
                                "worker", 10),
                    ActionStory("Agree a repayment plan for the rent arrears.", "Housing", 28),
                    ActionStory("Go to the Citizens Advice benefits check appointment.",
                                "carer", 21),
                ),
            ),
            NeedStory(
                "wellbeing",
                "{carer} has been feeling low and overwhelmed.",
                "I feel more like myself and can cope day to day.",
                (
                    ActionStory("Make a GP appointment to talk about low mood.", "carer", 14),
                    ActionStory("Go to the Tuesday parents' group at the children's centre.",
                                "carer", 30),
                ),
            ),
        ),
        visit_notes=(
            "Home visit. Kitchen tidier than last time; washing piled in the bathroom. "
            "{child} had had breakfast club. Talked through the welfare fund form together.",
            "Home visit with the health visitor. Baby weighed: gaining well. {carer} said the "
            "dentist appointment is booked for the 14th.",
            "Saw {child} alone in their bedroom; showed me their school reading book. Hair "
            "clear of lice. New washing machine delivered on Friday.",
        ),
        visit_child_words=(
            "\"I had toast and beans at breakfast club.\"",
            "",
            "\"My hair doesn't itch any more. Can I show you my reading?\"",
        ),
        follow_ups=(
            "Chase the welfare fund decision.",
            "Ask school whether {child} is still attending breakfast club.",
        ),
        family_views=(
            "{carer} said the washing machine is the biggest worry and felt embarrassed "
            "about the house. {carer} is keen to go to the parents' group."
        ),
        child_views=(
            "{child} wants to keep going to breakfast club and to have a bath 'with "
            "bubbles'."
        ),
        decisions=(
            "Breakfast club from Monday. Worker to apply to the welfare fund. Housing to "
            "agree a repayment plan. GCP2 to be repeated in three months."
        ),
        review_family_views=(
            "{carer} feels 'more on top of things'. The washing machine has made a big "
            "difference. Still finding bedtimes hard."
        ),
        review_decisions=(
            "Good progress with food and hygiene. Keep weekly visits for bedtime routine. "
            "Repeat GCP2 before the next review."
        ),
        family_feedback=(
            "\"I was scared you'd judge me, but you helped. The house feels like ours "
            "again.\""
        ),
        child_feedback="\"I like breakfast club and my hair doesn't itch.\"",
        events=(
            ("School raised concerns: {child} hungry and with head lice for several weeks.",
             "School", "Hunger and discomfort in class; teased by other children."),
            ("Washing machine delivered through the local welfare fund.", "Early Help",
             "Clean clothes for school every day."),
        ),
        gcp2=True,
    ),
    Story(
        key="domestic_abuse",
        reasons=("domestic incident", "missing from home", "Escalating"),
        ehat={
            "reason_for_assessment": (
                "Police attended a domestic incident at the home; the children were in the "
                "house. {carer} has since separated from the children's father and asked "
                "for support."
            ),
            "family_hopes": (
                "{carer} wants the children to feel safe and settled, and to feel safe "
                "herself."
            ),
            "emotional_needs": "{child} has been wetting the bed again and is clingy at bedtime.",
            "emotional_strengths": "{child} is doing well at school and has a close friend.",
            "child_development_summary": (
                "The children have seen and heard arguments and violence at home. {child} "
                "shows signs of anxiety; school says they are settled in class."
            ),
            "safety_strengths": "{carer} called the police and has a safety plan with the IDVA.",
            "safety_needs": "Contact arrangements with the children's father are not yet agreed.",
            "parenting_summary": (
                "{carer} has taken steps to keep the children safe and is warm and attentive. "
                "She is coping with a lot on her own."
            ),
            "wider_family_strengths": "{carer}'s sister visits most days.",
            "family_environment_summary": (
                "Recent separation; support from family and the domestic abuse "
                "service."
            ),
            "analysis_strengths": (
                "You acted to keep the children safe. You are working with the domestic abuse "
                "service and you have your sister's help. The children are doing well at school."
            ),
            "analysis_needs": (
                "The children need to feel safe and understand what has happened. Contact "
                "with their father needs to be safe. {carer} needs support to recover."
            ),
            "fam_reason": "To bring school, the domestic abuse service and the family together.",
            "level_reason": "Early help plan with safety planning; to be reviewed if risk rises.",
            "next_steps": "Safety mapping with the family; referral to the children's group work.",
        },
        child_words=(
            "\"I didn't like the shouting. I hid under my bed with my tablet. I like it "
            "better now it's quiet.\""
        ),
        carer_words=(
            "I just want the kids to be OK. I feel like I'm always looking over my "
            "shoulder."
        ),
        carer_wants="Help for the children to talk about it, and advice about contact.",
        needs=(
            NeedStory(
                "safety",
                "The children have lived with domestic abuse.",
                "The children feel safe at home and know what to do if they are worried.",
                (
                    ActionStory("Review the safety plan with {carer}.",
                                "Domestic abuse service", 7),
                    ActionStory("Make a 'what to do if' plan with {child}.", "worker", 14),
                    ActionStory("Share the safety plan with school (with consent).", "worker", 14),
                ),
            ),
            NeedStory(
                "wellbeing",
                "{child} is anxious and wetting the bed again.",
                "{child} sleeps through and is less worried.",
                (
                    ActionStory("Referral to the children's recovery group (8 weeks).",
                                "worker", 21),
                    ActionStory("See the school nurse about bedwetting.", "carer", 28),
                ),
            ),
            NeedStory(
                "relationships",
                "Contact with the children's father is not agreed.",
                "We have contact arrangements that are safe for everyone.",
                (
                    ActionStory("Get legal advice about child arrangements.", "carer", 30),
                ),
            ),
        ),
        visit_notes=(
            "Home visit. Safety mapping with {carer}. She was tearful but clear about what "
            "she needs. Sister present for part of the visit.",
            "Saw {child} alone at school. Made a 'hand of safe people' together.",
            "Phone call: {carer} has an appointment with the family law clinic next week.",
        ),
        visit_child_words=(
            "",
            "\"My safe people are Mum, Auntie Kim, Mrs Patel and my dog Biscuit.\"",
            "",
        ),
        follow_ups=("Send the recovery group referral.",),
        family_views="{carer} wants the children to have someone to talk to who is not her.",
        child_views="{child} wants to stay at the same school and to see Dad 'when it's safe'.",
        decisions=(
            "Safety plan to be shared with school. Worker to refer to the recovery group. "
            "Review in six weeks; step up if there are further incidents."
        ),
        review_family_views="{carer} feels safer. The children started the recovery group.",
        review_decisions="Keep the plan going; no further incidents. Next review in six weeks.",
        family_feedback="\"I felt believed. The group has really helped the kids.\"",
        child_feedback="\"The group was fun and I made a worry jar.\"",
        events=(
            ("Police attended a domestic incident; children present.", "Police",
             "Children frightened; {child} hid upstairs."),
        ),
        safety={
            "harm": (
                "Police were called on two occasions this year after the children's father "
                "shouted at and pushed {carer}. The children were upstairs and heard it. "
                "{child} has been wetting the bed since."
            ),
            "danger": (
                "We are worried that if the children's father comes back to the house angry, "
                "the children could be hurt or see {carer} being hurt again, and that their "
                "worries will get worse."
            ),
            "complicating_factors": (
                "{carer} does not drive and lives away from her family. Contact arrangements "
                "have not been agreed."
            ),
            "existing_safety": (
                "{carer} called the police straight away and took the children to her sister's. "
                "She has a safety plan and an injunction is in place."
            ),
            "strengths": (
                "{carer} is a caring, protective mum. Her sister visits most days. The children "
                "are doing well at school and have good friends."
            ),
            "danger_goals": (
                (
                    "Everyone is worried that if Dad comes to the house angry, the children "
                    "could be hurt or frightened again.",
                    "The children will live in a home where nobody hurts anyone, and everyone "
                    "knows what to do if Dad comes round.",
                ),
                (
                    "School is worried that {child} is carrying worries about home that make "
                    "it hard to sleep and learn.",
                    "{child} will have safe adults to talk to at home and at school, and will "
                    "sleep through most nights.",
                ),
            ),
            "safety_goals": (
                "The children tell us they feel safe; no further incidents for six months; "
                "contact only as agreed by the court."
            ),
            "next_steps": (
                "Share the safety plan with school (worker, this week). Recovery group referral "
                "(worker, by the 20th). Legal advice about contact ({carer}, this month)."
            ),
            "scores": (
                ("{worker}", "worker", 5, "The safety plan is working, but contact is not agreed."),
                ("{carer_full}", "parent", 7, "I feel safer since the injunction."),
                ("{child_full}", "child", 6, "It's quiet at home now."),
                ("Hannah Brooks", "agency", 5, "School has seen {child} more settled."),
            ),
            "earlier_scores": (3, 4, 4, 3),
        },
    ),
    Story(
        key="housing_money",
        reasons=("overcrowded", "Financial hardship", "isolated", "New to the area",
                 "low mood", "Step-down", "Police attended"),
        ehat={
            "reason_for_assessment": (
                "The family live in a damp, overcrowded two-bedroom flat and are behind "
                "with the rent. {carer} contacted the early help hub asking for help with "
                "housing and food."
            ),
            "family_hopes": (
                "A home without damp where the children have room to sleep and do "
                "homework."
            ),
            "health_needs": (
                "{child} has asthma that is worse in the winter; the flat has black "
                "mould."
            ),
            "health_strengths": "{carer} manages {child}'s inhalers well.",
            "education_strengths": "The children attend well and are doing well at school.",
            "child_development_summary": (
                "The children are doing well despite the crowded, damp "
                "flat."
            ),
            "basic_care_strengths": "The children are well cared for, fed and dressed.",
            "parenting_summary": (
                "{carer} is a capable, organised parent; the pressures are practical ones: "
                "money and housing."
            ),
            "housing_needs": "Two bedrooms for six people; black mould in the children's room.",
            "income_needs": "Rent arrears of £1,120; using the food bank twice a month.",
            "community_strengths": "The family attend a local church group that helps with food.",
            "family_environment_summary": (
                "Overcrowded, damp housing and money worries are the main "
                "pressures."
            ),
            "analysis_strengths": (
                "You are a well organised, loving family. The children go to school every day "
                "and do well. You manage {child}'s asthma carefully, and your church group helps."
            ),
            "analysis_needs": (
                "The flat is too small and damp for the family, and it is affecting {child}'s "
                "asthma. The rent arrears need a plan, and the family needs help with income."
            ),
            "fam_reason": "To agree a plan with housing, the GP and school.",
            "level_reason": "Early help: practical needs affecting health.",
            "next_steps": "Housing register update with medical evidence; benefits check.",
        },
        child_words="\"I share a bed with my brother and he kicks. My room smells funny.\"",
        carer_words="We just need a bigger place. The mould comes back however much I clean.",
        carer_wants="Help with the housing application and the rent arrears.",
        needs=(
            NeedStory(
                "housing",
                "The flat is overcrowded and damp.",
                "We live somewhere big enough and dry, where the kids can sleep properly.",
                (
                    ActionStory("Report the mould to the landlord in writing.", "carer", 7),
                    ActionStory("Send a letter about {child}'s asthma for the housing application.",
                                "GP", 21),
                    ActionStory("Update the housing register with medical priority.",
                                "Housing", 35),
                ),
            ),
            NeedStory(
                "income",
                "Rent arrears and not enough money for food.",
                "We can pay the rent and buy food without the food bank.",
                (
                    ActionStory("Benefits check with the welfare rights adviser.", "worker", 14),
                    ActionStory("Apply for a Discretionary Housing Payment.", "carer", 21),
                ),
            ),
            NeedStory(
                "health",
                "{child}'s asthma is worse in the damp.",
                "{child}'s asthma is under control and they miss less school.",
                (
                    ActionStory("Asthma review with the practice nurse.", "carer", 28),
                ),
            ),
        ),
        visit_notes=(
            "Home visit. Saw the mould in the children's room and took notes for the housing "
            "letter. Completed the benefits check form with {carer}.",
            "Phone call with Housing: medical priority awarded; family now in band B.",
            "Home visit. Landlord has treated the mould; new extractor fan fitted. DHP awarded.",
        ),
        visit_child_words=("\"Can we have a house with a garden?\"", "", ""),
        follow_ups=("Chase the GP letter for the housing application.",),
        family_views=(
            "{carer} is relieved to have help with the forms; worried about bidding for "
            "houses."
        ),
        child_views="The children want 'a room that doesn't smell' and somewhere to do homework.",
        decisions="GP letter to support housing. Benefits check. Review in six weeks.",
        review_family_views=(
            "The family are now in band B and bidding weekly. The arrears are "
            "reducing."
        ),
        review_decisions="Good progress. Keep bidding; close when rehoused or arrears cleared.",
        family_feedback="\"Having someone to help with the forms made all the difference.\"",
        child_feedback="\"We've got a dry room now. I want my own room next.\"",
        events=(
            ("Medical priority for rehousing awarded (band B).", "Housing",
             "A better chance of a dry home, which should help {child}'s asthma."),
        ),
    ),
)


def story_for(reason: str, rng: random.Random) -> Story:
    for story in STORIES:
        if any(key.lower() in reason.lower() for key in story.reasons):
            return story
    return rng.choice(STORIES)


# ------------------------------------------------------------------ one family


@dataclass(frozen=True)
class _Household:
    family: Family
    carer: Person | None
    second_carer: Person | None
    children: tuple[Person, ...]
    agencies: tuple[AgencyInvolvement, ...]


def _name(p: Person | None) -> str:
    return f"{p.given_name} {p.family_name}".strip() if p is not None else ""


def _household(session: Session, family: Family) -> _Household:
    people = list(
        session.scalars(
            select(Person).where(Person.family_id == family.id, Person.deleted.is_(False))
        )
    )
    carers = [p for p in people if p.role == "parent_carer"]
    children = [p for p in people if p.role == "child"]
    children.sort(key=lambda p: p.date_of_birth or dt.date.max)
    agencies = tuple(
        session.scalars(
            select(AgencyInvolvement).where(
                AgencyInvolvement.family_id == family.id, AgencyInvolvement.deleted.is_(False)
            )
        )
    )
    return _Household(
        family=family,
        carer=carers[0] if carers else None,
        second_carer=carers[1] if len(carers) > 1 else None,
        children=tuple(children),
        agencies=agencies,
    )


class _Words:
    """Fills a story's placeholders for one family."""

    def __init__(self, h: _Household, actor: Profile) -> None:
        child = h.children[len(h.children) // 2] if h.children else None
        self.child = child
        names = [c.given_name for c in h.children]
        school = next((c.school_or_setting for c in h.children if c.school_or_setting), "")
        self.values = {
            "carer": h.carer.given_name if h.carer else "Mum",
            "carer_full": _name(h.carer) or "Mum",
            "mum": h.carer.given_name if h.carer else "Mum",
            "dad": h.second_carer.given_name if h.second_carer else "Dad",
            "child": child.given_name if child else "the baby",
            "child_full": _name(child) or "the baby",
            "children": (", ".join(names[:-1]) + " and " + names[-1]) if len(names) > 1
            else (names[0] if names else "The children"),
            "school": school or "School",
            "worker": actor.name,
        }

    def __call__(self, text: str) -> str:
        return text.format(**self.values)


def _generic_answer(item: Field, people: Mapping[str, str], options: Mapping[str, Sequence[Option]],
                    rng: random.Random) -> Any:
    kind = item.type
    if kind in ("text", "long_text"):
        return "Discussed with the family; nothing further to add."[: item.max_length or 200]
    if kind in ("choice", "multi_choice"):
        choices = options_for(item, options) or ()
        return choices[0].value if kind == "choice" else [choices[0].value]
    if kind == "date":
        return today().isoformat()
    if kind == "number":
        return int(item.minimum) if item.minimum is not None else 1
    if kind == "yes_no":
        return True
    if kind == "person":
        allowed = FILTER_ROLES.get(item.person_filter)
        chosen = [pid for pid, role in people.items() if allowed is None or role in allowed]
        return chosen if item.multiple else chosen[0]
    if kind == "grade":
        return rng.choice((2, 3))
    if kind == "scale":
        return 5
    if kind == "repeat":
        return [{sub.id: _generic_answer(sub, people, options, rng) for sub in item.fields}]
    raise ValueError(kind)


def _complete(form: FormDefinition, answers: dict[str, Any], people: Mapping[str, str],
              options: Mapping[str, Sequence[Option]], rng: random.Random) -> dict[str, Any]:
    """Fill whatever a council's version of the form still requires."""
    for _ in range(6):
        problems = validate_answers(form, answers, options=options, people=people)
        if not problems:
            break
        for path in problems:
            top = field_id_of(path)
            answers[top] = _generic_answer(form.field(top), people, options, rng)
    return answers


class _Casework:
    def __init__(self, session: Session, actor: Profile, registry: FormRegistry,
                 levels: LevelsOfNeed, rng: random.Random) -> None:
        self.session = session
        self.actor = actor
        self.trained = replace(actor, gcp2_trained=True)
        self.lead = Profile(TEAM_LEAD_NAME, "team_lead", actor.team, "morgan.ellis",
                            gcp2_trained=True)
        self.registry = registry
        self.levels = levels
        self.rng = rng
        self.options = reference_options([(lv.code, lv.label) for lv in levels.levels])
        self.on = today()

    # -- helpers

    def _people(self, h: _Household) -> dict[str, str]:
        return {p.id: p.role for p in self.session.scalars(
            select(Person).where(Person.family_id == h.family.id, Person.deleted.is_(False)))}

    def _assess(self, actor: Profile, h: _Household, form_id: str, answers: dict[str, Any],
                child: Person | None = None) -> str:
        form = self.registry.latest(form_id)
        draft = start_assessment(self.session, actor, NewAssessment(
            h.family.id, form, child.id if child is not None else None), self.registry)
        answers = _complete(form, answers, self._people(h), self.options, self.rng)
        save_draft(self.session, actor, DraftSave(draft.id, answers, form.pages[-1].id))
        complete_assessment(self.session, actor, CompleteAssessment(draft.id, options=self.options),
                            self.registry)
        return draft.id

    def _owner(self, h: _Household, owner: str, words: _Words) -> dict[str, Any]:
        if owner == "carer" and h.carer is not None:
            return {"owner_kind": "person", "owner_id": h.carer.id}
        if owner == "second_carer":
            who = h.second_carer or h.carer
            if who is not None:
                return {"owner_kind": "person", "owner_id": who.id}
        if owner == "child" and words.child is not None:
            return {"owner_kind": "person", "owner_id": words.child.id}
        if owner == "worker":
            return {"owner_kind": "agency", "owner_name": f"{self.actor.name} (Early Help)"}
        for agency in h.agencies:
            if agency.agency == owner:
                return {"owner_kind": "agency", "owner_id": agency.id}
        return {"owner_kind": "agency", "owner_name": owner}

    # -- the pathway

    def family(self, family: Family) -> None:
        h = _household(self.session, family)
        if h.carer is None or not h.children or family.request_date is None:
            return
        story = story_for(family.request_reason, self.rng)
        words = _Words(h, self.actor)
        start = family.request_date
        span = (self.on - start).days
        if span < 14:
            return
        consent_on = start + dt.timedelta(days=min(7, span // 6))
        self._consent(h, consent_on)
        ehat_on = consent_on + dt.timedelta(days=min(7, span // 6))
        ehat_id = self._ehat(h, story, words, ehat_on)
        if story.gcp2 and self.rng.random() < 0.9:
            self._gcp2(h, story, words)
        if story.safety is not None:
            self._safety(h, story, words)
        fam_on = ehat_on + dt.timedelta(days=min(14, span // 5))
        if fam_on >= self.on - dt.timedelta(days=2):
            self._visits(h, story, words, ehat_on, self.on)
            return
        attendees = self._attendees(h, words)
        meeting = save_meeting(self.session, self.actor, MeetingRequest(
            family_id=family.id, kind="family_action_meeting", held_on=fam_on,
            venue=self.rng.choice(("Family home", f"{words.values['school']}",
                                   "Children's centre meeting room")),
            chair=self.actor.name, attendees=attendees,
            family_views=words(story.family_views), child_views=words(story.child_views),
            decisions=words(story.decisions),
            next_review_on=fam_on + dt.timedelta(weeks=6),
        ))
        actions = self._plan(h, story, words, ehat_id, fam_on)
        review_on = fam_on + dt.timedelta(weeks=6)
        last_visit_day = review_on if review_on < self.on else self.on
        self._visits(h, story, words, fam_on, last_visit_day)
        if review_on < self.on - dt.timedelta(days=1):
            updates = []
            for action_id, due in actions:
                if due <= review_on:
                    status = self.rng.choice(("achieved", "achieved", "on_track", "not_achieved"))
                else:
                    status = self.rng.choice(("on_track", "not_started"))
                updates.append(ActionProgress(action_id, status, _progress_note(status, self.rng)))
            upcoming = family.next_review if family.next_review and family.next_review > review_on \
                else review_on + dt.timedelta(weeks=6)
            record_review(self.session, self.actor, PlanReviewRequest(
                meeting=MeetingRequest(
                    family_id=family.id, kind="review", held_on=review_on,
                    venue=meeting.venue, chair=self.actor.name, attendees=attendees,
                    family_views=words(story.review_family_views),
                    child_views=words(story.child_views),
                    decisions=words(story.review_decisions),
                    next_review_on=upcoming,
                ),
                updates=tuple(updates),
            ))
        for event, source, impact in story.events:
            save_chronology_entry(self.session, self.actor, ChronologyEntryRequest(
                family_id=family.id,
                occurred_on=start + dt.timedelta(days=self.rng.randint(0, max(span - 1, 0))),
                event=words(event), source=source, impact_on_child=words(impact),
                significant=True, child_person_id=words.child.id if words.child else None,
            ))
        if family.status == "closed":
            self._close(h, story, words, max(review_on, fam_on) + dt.timedelta(days=7))

    def _consent(self, h: _Household, given_on: dt.date) -> None:
        assert h.carer is not None
        share = tuple(a.agency for a in h.agencies)
        refer = ("Children's centre parents' group",) if self.rng.random() < 0.4 else ()
        record_consent(self.session, self.actor, ConsentRequest(
            family_id=h.family.id, given_by_person_id=h.carer.id, given_by_name="",
            method=self.rng.choice(("signed_paper", "signed_paper", "verbal")),
            given_on=given_on, scope_assess=True, share_agencies=share, refer_services=refer,
        ))
        if h.second_carer is not None and self.rng.random() < 0.5:
            record_consent(self.session, self.actor, ConsentRequest(
                family_id=h.family.id, given_by_person_id=h.second_carer.id, given_by_name="",
                method="signed_paper", given_on=given_on, scope_assess=True,
                share_agencies=share[:1],
            ))

    def _ehat(self, h: _Household, story: Story, words: _Words, on: dt.date) -> str:
        assert h.carer is not None
        answers: dict[str, Any] = {k: words(v) for k, v in story.ehat.items()}
        answers.update(
            assessment_date=on.isoformat(),
            requested_by=h.family.request_source if h.family.request_source in
            {o.value for o in self.options["request_sources"]} else "other",
            children_assessed=[c.id for c in h.children],
            people_seen=[h.carer.id] + [c.id for c in h.children],
            children_voice=[{
                "voice_child": (words.child or h.children[0]).id,
                "voice_how": self.rng.choice(("talking", "three_houses", "drawing")),
                "voice_seen_alone": True,
                "voice_words": words(story.child_words),
            }],
            parents_voice=[{
                "voice_adult": h.carer.id,
                "voice_adult_words": words(story.carer_words),
                "voice_adult_wants": words(story.carer_wants),
            }],
            family_agrees="agree",
            fam_needed=True,
            recommended_level=h.family.level_code or "early_help",
            other_tools=["gcp2"] if story.gcp2 else
            (["safety_mapping"] if story.safety else ["none"]),
        )
        ehat_id = self._assess(self.actor, h, "ehat", answers)
        if self.rng.random() < 0.75:
            review_assessment(self.session, self.lead, ReviewRequest(ehat_id, "signed_off"))
        return ehat_id

    def _gcp2(self, h: _Household, story: Story, words: _Words) -> None:
        child = words.child
        if child is None:
            return
        form = self.registry.latest("gcp2")
        grades_then = {"nutrition": 4, "housing": 3, "clothing": 4, "hygiene": 4, "health": 4,
                       "safety_present": 2, "safety_absent": 3, "love_carer": 2,
                       "love_mutual": 2, "stimulation": 3, "approval": 2, "disapproval": 2,
                       "acceptance": 1}
        evidence = {
            "nutrition": "Often no breakfast; cooked tea most evenings.",
            "housing": "Flat cluttered; broken washing machine; warm.",
            "clothing": "Same clothes several days running; coat too small.",
            "hygiene": "Head lice for weeks; baths irregular.",
            "health": "Two dental appointments missed; tooth decay untreated.",
            "safety_present": "{carer} watches the children closely near the road.",
            "safety_absent": "Children sometimes left with a 14-year-old cousin.",
            "love_carer": "{carer} is warm and affectionate; lots of cuddles seen.",
            "love_mutual": "{child} and {carer} laugh together and share jokes.",
            "stimulation": "Few toys or books at home; TV on most of the day.",
            "approval": "{carer} praises {child}'s drawings.",
            "disapproval": "Calm, consistent telling-off; no shouting seen.",
            "acceptance": "{child} is clearly loved and accepted as they are.",
        }
        better = {
            "nutrition": "Breakfast club every day; {carer} now does breakfast at weekends.",
            "housing": "Washing machine replaced; the flat is tidier and kept clean.",
            "clothing": "Clean clothes most days; new school coat from the uniform bank.",
            "hygiene": "Head lice treated; bath three times a week on the chart.",
            "health": "Dentist seen; treatment under way.",
            "safety_absent": "{carer} has arranged for her sister to babysit instead.",
            "stimulation": "Library visits every Saturday; TV off at tea time.",
        }
        for round_ in (0, 1) if self.rng.random() < 0.7 else (0,):
            answers: dict[str, Any] = {}
            for sub, grade in grades_then.items():
                improved = bool(round_ and grade > 2)
                answers[sub] = grade - 1 if improved else grade
                answers[f"{sub}_evidence"] = words(better[sub] if improved else evidence[sub])
            from app.forms.scoring import suggestion_for

            for item in form.top_fields():
                if item.type == "grade" and item.suggested_from:
                    answers[item.id] = suggestion_for(form, item, answers).grade
            answers.update(
                strengths_summary=words("{carer} loves {child} and is warm and affectionate."),
                concerns_summary=words("{child}'s physical care: food, hygiene, dental health."),
                carer_view=words("{carer} agreed with the grades and said it was a fair picture."),
                next_steps="Breakfast club; dentist; washing machine; weekly visits.",
            )
            self._assess(self.trained, h, "gcp2", answers, child)

    def _safety(self, h: _Household, story: Story, words: _Words) -> None:
        safety = story.safety
        assert safety is not None
        for scores in (safety["earlier_scores"], None):
            rows = []
            for i, (name, role, score, why) in enumerate(safety["scores"]):
                rows.append({
                    "participant_name": words(name),
                    "participant_role": role,
                    "score": scores[i] if scores is not None else score,
                    "score_reason": words(why) if scores is None else "Early days.",
                })
            answers = {
                "harm": words(safety["harm"]),
                "danger": words(safety["danger"]),
                "complicating_factors": words(safety["complicating_factors"]),
                "existing_safety": words(safety["existing_safety"]),
                "strengths": words(safety["strengths"]),
                "danger_goals": [
                    {"danger_statement": words(d), "safety_goal": words(g)}
                    for d, g in safety["danger_goals"]
                ],
                "safety_goals": words(safety["safety_goals"]),
                "next_steps": words(safety["next_steps"]),
                "scaling": rows,
            }
            self._assess(self.actor, h, "signs_of_safety", answers)

    def _attendees(self, h: _Household, words: _Words) -> tuple[Attendee, ...]:
        out = [Attendee(name="", role="Parent", person_id=h.carer.id)] if h.carer else []
        if h.second_carer is not None:
            out.append(Attendee(name="", role="Parent", person_id=h.second_carer.id,
                                attended=self.rng.random() < 0.6))
        out.append(Attendee(name=self.actor.name, role="Family support worker",
                            agency="Early Help"))
        for agency in h.agencies[:3]:
            out.append(Attendee(name=agency.contact_name or agency.agency,
                                role=agency.contact_role, agency=agency.agency,
                                attended=self.rng.random() < 0.75))
        return tuple(out)

    def _plan(self, h: _Household, story: Story, words: _Words, ehat_id: str,
              fam_on: dt.date) -> list[tuple[str, dt.date]]:
        made: list[tuple[str, dt.date]] = []
        for need_story in story.needs:
            need = save_need(self.session, self.actor, NeedRequest(
                family_id=h.family.id, text=words(need_story.need), domain=need_story.domain,
                assessment_id=ehat_id))
            outcome = save_outcome(self.session, self.actor, OutcomeRequest(
                need_id=need.id, text=words(need_story.outcome)))
            for action in need_story.actions:
                due = fam_on + dt.timedelta(days=action.due_days)
                status = "on_track" if due > self.on else self.rng.choice(
                    ("achieved", "achieved", "on_track", "not_started"))
                saved = save_action(self.session, self.actor, ActionRequest(
                    outcome_id=outcome.id, text=words(action.text), due_on=due, status=status,
                    progress_note=_progress_note(status, self.rng),
                    **self._owner(h, action.owner, words)))
                made.append((saved.id, due))
        return made

    def _visits(self, h: _Household, story: Story, words: _Words, first: dt.date,
                last: dt.date) -> None:
        assert h.carer is not None
        last = min(last, self.on - dt.timedelta(days=1))  # a visit is recorded once it happened
        days = (last - first).days
        if days < 1:
            return
        count = min(len(story.visit_notes), max(1, days // 10))
        for i in range(count):
            day = first + dt.timedelta(days=int(days * (i + 1) / (count + 1)))
            kind = "phone" if story.visit_notes[i].startswith("Phone") else (
                "school" if "at school" in story.visit_notes[i] else "home_visit")
            seen_child = kind != "phone"
            alone = "alone" in story.visit_notes[i]
            save_visit(self.session, self.actor, VisitRequest(
                family_id=h.family.id,
                occurred_at=uk_to_utc(day, self.rng.choice((10, 11, 14, 15, 16)),
                                      self.rng.choice((0, 15, 30))),
                kind=kind,
                seen=(h.carer.id,) if kind != "school" else (),
                children_seen=tuple(
                    ChildSeen(c.id, seen=seen_child and (c is words.child or kind == "home_visit"),
                              seen_alone=alone and c is words.child)
                    for c in h.children
                ),
                child_words=words(story.visit_child_words[i]).strip('"') if seen_child else "",
                notes=words(story.visit_notes[i]),
                follow_ups=tuple(words(f) for f in story.follow_ups[i:i + 1]),
            ))

    def _close(self, h: _Household, story: Story, words: _Words, closed_on: dt.date) -> None:
        closed_on = min(closed_on, self.on)
        outcomes = outcomes_to_close(self.session, self.actor, h.family.id)
        achieved = tuple(
            OutcomeAchieved(o.outcome_id, self.rng.choice(("yes", "yes", "partly")),
                            "Agreed at the closing visit.")
            for o in outcomes
        )
        close_family(self.session, self.actor, CloseRequest(
            family_id=h.family.id, closed_on=closed_on, reason="needs_met",
            reason_detail="The family's needs can now be met by universal services.",
            outcomes_achieved=achieved, family_feedback=words(story.family_feedback),
            child_feedback=words(story.child_feedback),
        ))


def _progress_note(status: str, rng: random.Random) -> str:
    notes = {
        "achieved": ("Done.", "Done and working well.", "Completed; the family say it helped."),
        "on_track": ("Going well so far.", "Started; first steps done.", "On track."),
        "not_started": ("Not started yet; will pick up at the next visit.", ""),
        "not_achieved": ("Did not happen; to be looked at again.",
                         "The family found this hard; agreed a different way."),
        "no_longer_needed": ("No longer needed.",),
    }
    return rng.choice(notes.get(status, ("",)))


@lru_cache(maxsize=1)
def _shipped_forms() -> FormRegistry:
    """The forms, read once per process (reading them takes a while)."""
    return load_default().registry


def add_casework(
    session: Session,
    actor: Profile,
    family_ids: Sequence[str],
    levels: LevelsOfNeed,
    seed: int = 1,
    registry: FormRegistry | None = None,
) -> int:
    """Give each family a casework history; return how many got one."""
    registry = registry or _shipped_forms()
    work = _Casework(session, actor, registry, levels, random.Random(seed))
    done = 0
    for fid in family_ids:
        family = session.get(Family, fid)
        if family is None or family.deleted:
            continue
        before = done
        work.family(family)
        done = before + 1
    return done

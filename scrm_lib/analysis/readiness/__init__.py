"""Social CRM readiness across the frameworks of the readings (issue 18; notebook 08).

Data (all YAML, every element with ``source:``):

- ``scrm_lib/frameworks.yaml`` — Gartner's eight building blocks (Davies 2011) with the
  pioneer → settler move, Constellation's five phases (Wang 2011) with the leader's task in
  each, Wang's four steps and five rules, Sarner's four steps and four community member types
  (with the community cost estimate), IBM's three stages (2011). Gartner's five stages and ten
  tactical steps stay in their one home, ``scrm_lib/maturity.yaml``.
- ``scrm_lib/readiness.yaml`` — the questionnaire: the 15 Gartner-stage questions of
  ``maturity.yaml`` plus questions that evidence a building block, a Wang phase or an IBM stage.
- ``scrm_lib/framework_crosswalk.yaml`` — how the ladders line up: a **stated assumption, not
  published** by any reading; parameterised (notebook 08's ``crosswalk_path``).

Scoring (:func:`assess`), answers yes = 1, partly = ½, no = 0:

- **Building block score** = mean value of the questions that evidence the block. The
  organisation is a **settler** when every block scores at least ``settler_mark`` (the reading:
  the settler phase "needs commitment to all eight blocks"; the mark itself is the workbench's
  judgement), else a **pioneer**; the **weakest blocks** are the ``n_weakest`` lowest
  (ties broken by questionnaire order), those below the mark first.
- **Gartner stage**: :func:`scrm_lib.analysis.maturity.assess` on the maturity questions (the same rule
  as notebook 03).
- **Wang phase** and **IBM stage**: the same cumulative rule
  (:func:`scrm_lib.analysis.maturity.reached_level`): a phase is reached when it and every phase before
  it (from the second on) score at least ``pass_mark``.

Plan (:func:`next_steps`): Gartner's tactical steps for the next transition, Wang's leader task
of the next phase, Sarner's steps ordered by the weakness of the blocks they address (that link
is workbench judgement, ``judgement_blocks`` in the YAML), and each weak block's social
consideration. Feasible use cases come from notebook 03's logic
(:func:`scrm_lib.analysis.usecases.build_plan`), and :func:`community_cost_warning` puts Sarner's cost
estimate next to any plan that needs a customer community.

The package, one module per job (this façade re-exports their public names, so notebooks keep
``from scrm_lib.analysis import readiness as rd`` and ``rd.assess(...)``):

- :mod:`~scrm_lib.analysis.readiness.frameworks`: the frameworks as data and the crosswalk;
- :mod:`~scrm_lib.analysis.readiness.questionnaire`: questions, evidence, scoring the answers;
- :mod:`~scrm_lib.analysis.readiness.assessment`: :func:`assess`, :func:`next_steps`, feasible use cases;
- :mod:`~scrm_lib.analysis.readiness.class_survey`: a class survey and its agreement.
"""

from scrm_lib.analysis.readiness.assessment import (
    POSITIONS,
    Readiness,
    assess,
    community_cost_warning,
    community_use_cases,
    compare_positions,
    feasible_use_cases,
    next_steps,
    upcoming_use_cases,
)
from scrm_lib.analysis.readiness.class_survey import (
    SURVEY_COLUMNS,
    SurveyAgreement,
    answer_differences,
    load_class_survey,
    survey_agreement,
    survey_matrix,
)
from scrm_lib.analysis.readiness.frameworks import (
    CROSSWALK_COLUMNS,
    DEFAULT_CROSSWALK,
    FRAMEWORK_NAMES,
    FRAMEWORKS,
    JUDGEMENT,
    block_phases,
    building_blocks,
    cost_warning,
    element_source,
    facts,
    frameworks,
    ibm_stages,
    levels,
    load_crosswalk,
    member_types,
    sarner_steps,
    wang_phases,
    wang_rules,
    wang_steps,
)
from scrm_lib.analysis.readiness.questionnaire import (
    answer_problems,
    element_scores,
    evidence,
    normalise_answers,
    question_ids,
    questions,
    questions_evidencing,
    score_answers,
)

__all__ = [
    "DEFAULT_CROSSWALK",
    "FRAMEWORKS",
    "FRAMEWORK_NAMES",
    "CROSSWALK_COLUMNS",
    "JUDGEMENT",
    "frameworks",
    "building_blocks",
    "block_phases",
    "wang_phases",
    "wang_steps",
    "wang_rules",
    "ibm_stages",
    "sarner_steps",
    "member_types",
    "cost_warning",
    "facts",
    "levels",
    "element_source",
    "load_crosswalk",
    "questions",
    "evidence",
    "question_ids",
    "answer_problems",
    "normalise_answers",
    "score_answers",
    "element_scores",
    "questions_evidencing",
    "Readiness",
    "assess",
    "next_steps",
    "community_use_cases",
    "community_cost_warning",
    "feasible_use_cases",
    "upcoming_use_cases",
    "POSITIONS",
    "compare_positions",
    "SURVEY_COLUMNS",
    "load_class_survey",
    "survey_matrix",
    "SurveyAgreement",
    "survey_agreement",
    "answer_differences",
]

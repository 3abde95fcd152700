"""The roles an interview can target, with the questions that open each one.

Each role has a display name, opening questions that fit the work (the first is asked, the
others are rephrasings), and one role-specific topic. The shared topics (challenge,
leadership, improvement) are worded here too, with {title} filled in from the role.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Role:
    """A target role: how to name it and what to ask first."""

    key: str
    name: str
    openings: tuple[str, ...]
    # (topic key, question variants): the topic this role's resumes most need.
    special: tuple[str, tuple[str, ...]]
    # Whether the follow-ups should ask about tools and technologies.
    tool_heavy: bool = False


def _role(
    key: str,
    name: str,
    openings: tuple[str, ...],
    special: tuple[str, tuple[str, ...]],
    tool_heavy: bool = False,
) -> Role:
    return Role(key, name, openings, special, tool_heavy)


ROLES: dict[str, Role] = {
    r.key: r
    for r in (
        _role(
            "software_engineer",
            "Software Engineer",
            (
                "Tell me about a technical project you're proud of. What did you build?",
                "Which system or feature that you built are you proudest of, and why?",
                "Walk me through a piece of software you designed or shipped.",
            ),
            (
                "reliability",
                (
                    "Tell me about a time you made a system faster, cheaper or more reliable.",
                    "Describe a performance or reliability problem you fixed.",
                ),
            ),
            tool_heavy=True,
        ),
        _role(
            "data_scientist",
            "Data Scientist",
            (
                "Tell me about an analysis or model of yours that changed a decision.",
                "Which data project had the biggest effect on the business?",
                "Walk me through a model or analysis you're proud of.",
            ),
            (
                "experiment",
                (
                    "Describe an experiment or A/B test you designed. What did it show?",
                    "Tell me about a test you ran and what the team did with the result.",
                ),
            ),
            tool_heavy=True,
        ),
        _role(
            "product_manager",
            "Product Manager",
            (
                "Tell me about a product or feature you launched. What problem did it solve?",
                "Which launch are you proudest of, and what changed for users?",
                "Walk me through a product decision you owned from idea to launch.",
            ),
            (
                "prioritisation",
                (
                    "Tell me about a hard trade-off you made on the roadmap.",
                    "How did you decide what not to build on a product you owned?",
                ),
            ),
        ),
        _role(
            "designer",
            "Designer",
            (
                "Tell me about a design you're proud of. What problem did it solve for users?",
                "Walk me through a design project from research to release.",
                "Which piece of your design work changed how people used a product?",
            ),
            (
                "research",
                (
                    "Describe a design decision you backed with research or testing.",
                    "Tell me about user research that changed your design.",
                ),
            ),
            tool_heavy=True,
        ),
        _role(
            "marketing",
            "Marketing Specialist",
            (
                "Tell me about a campaign you ran. What was the goal and how did it do?",
                "Which marketing campaign are you proudest of?",
                "Walk me through a campaign from plan to results.",
            ),
            (
                "growth",
                (
                    "Tell me about a time you grew an audience, a channel or a pipeline.",
                    "Describe a channel or audience you built up.",
                ),
            ),
        ),
        _role(
            "sales",
            "Sales Representative",
            (
                "Tell me about your biggest win in sales. How did you close it?",
                "Which deal are you proudest of, and what did it take?",
                "Walk me through a sale from first contact to signature.",
            ),
            (
                "quota",
                (
                    "How did you do against your quota or targets, and what drove it?",
                    "Tell me about a year or quarter where you beat your number.",
                ),
            ),
        ),
        _role(
            "customer_support",
            "Customer Support Specialist",
            (
                "Tell me about a difficult customer situation you turned around.",
                "Describe a customer problem you solved that others could not.",
                "Walk me through a support case you're proud of.",
            ),
            (
                "metrics",
                (
                    "How did your team measure support quality, and how did you move those "
                    "numbers?",
                    "Tell me about a change that cut response times or ticket volume.",
                ),
            ),
        ),
        _role(
            "operations",
            "Operations Manager",
            (
                "Tell me about a process you improved. What was it like before and after?",
                "Which operational change had the biggest effect?",
                "Walk me through a process you redesigned.",
            ),
            (
                "cost",
                (
                    "Tell me about a time you saved money or time in operations.",
                    "Describe a cost or waste you cut.",
                ),
            ),
        ),
        _role(
            "nurse",
            "Registered Nurse",
            (
                "Give me an example of how you improved patient care.",
                "Tell me about a change on your unit that helped patients.",
                "Walk me through a time your care made a difference for a patient.",
            ),
            (
                "pressure",
                (
                    "Tell me about an emergency or a very busy shift. What did you do?",
                    "Describe a time you had to act fast to keep a patient safe.",
                ),
            ),
        ),
        _role(
            "teacher",
            "Teacher",
            (
                "Tell me about an initiative you led at your school.",
                "Which project with your students are you proudest of?",
                "Walk me through something you started that helped students learn.",
            ),
            (
                "outcomes",
                (
                    "How did you improve student results? What changed?",
                    "Tell me about a class or student whose results you turned around.",
                ),
            ),
        ),
        _role(
            "accountant",
            "Accountant",
            (
                "Tell me about a time you made the books faster or more accurate.",
                "Which improvement to a close, audit or report are you proudest of?",
                "Walk me through a financial process you fixed.",
            ),
            (
                "audit",
                (
                    "Tell me about an audit, a reconciliation or an error you caught.",
                    "Describe a control or check you put in place.",
                ),
            ),
            tool_heavy=True,
        ),
        _role(
            "researcher",
            "Researcher",
            (
                "Tell me about your research. What question did you answer?",
                "Which study or paper are you proudest of, and what did it find?",
                "Walk me through a research project from question to result.",
            ),
            (
                "publication",
                (
                    "Where did your work get published or presented, and what did it lead to?",
                    "Tell me about funding, citations or talks your research earned.",
                ),
            ),
            tool_heavy=True,
        ),
        _role(
            "other",
            "{title}",
            (
                "Tell me about a project or piece of work as a {title} that you're proud of.",
                "What's an accomplishment from your work as a {title} that you'd put "
                "first on a resume?",
                "Walk me through something you did as a {title} that made a difference.",
            ),
            (
                "responsibility",
                (
                    "What were you responsible for day to day as a {title}, and for how "
                    "many people or what?",
                    "Describe the scope of your work as a {title}: who relied on it and how much?",
                ),
            ),
        ),
    )
}

# Topics every interview covers after the opening, worded for any role.
SHARED_TOPICS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "challenge",
        (
            "Tell me about a hard problem you faced as a {title}. How did you handle it?",
            "Describe an obstacle at work and what you did to get past it.",
            "What's the toughest situation you dealt with in this kind of work?",
        ),
    ),
    (
        "leadership",
        (
            "Describe a time you led others or took ownership beyond your role.",
            "Tell me about a time you coordinated people or led an effort.",
            "When did you step up and lead, even without the title?",
        ),
    ),
    (
        "improvement",
        (
            "What's something you improved: a process, a product or a result? What was before and "
            "after?",
            "Tell me about a change you made that left things better than you found them.",
            "Describe something you made faster, cheaper or better.",
        ),
    ),
)


def get_role(key: str) -> Role:
    """The role for a key; unknown keys are treated as a free job title under "other"."""
    return ROLES.get(key.strip().lower().replace(" ", "_").replace("-", "_"), ROLES["other"])


def display_title(key: str, title: str | None = None) -> str:
    """What to call the candidate's role in a question ("software engineer", "barista")."""
    role = ROLES.get(key.strip().lower().replace(" ", "_").replace("-", "_"))
    if role and role.key != "other":
        return role.name.lower()
    free = (title or key or "").strip().replace("_", " ")
    return free[:80] if free and free.lower() != "other" else "professional"

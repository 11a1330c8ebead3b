"""The plan workbook's numbered notes: tables refer to them as ``[note n]``, in the order of ``NOTES``."""

from __future__ import annotations

from pch_workforce.excel.front import Note


NOTES: tuple[Note, ...] = (
    Note("values", "Every figure is a value worked out by pch-workforce, not a formula, so sorting or filtering a "
                   "table never changes a figure."),
    Note("reproducible", "Solve times in seconds depend on the machine, so they are left out of this workbook: the "
                         "same scenario, seed, workers and deterministic time limit give the same cells on any "
                         "machine. The plan command prints the times and writes them to its --json summary. If the "
                         "wall-clock time limit (not the deterministic limit) stopped the rota search, the rota may "
                         "differ from run to run."),
    Note("demand", "Appointments are booked slots, including those not attended (the unit of NHS England's "
                   "Appointments in General Practice). Clinical hours are at the service's reference minutes per "
                   "contact, plus travel for home visits, averaged over the year."),
    Note("role_hours", "Hours by role are at that role's own minutes per contact, while demand and unmet hours are "
                       "at the service's reference length, so role hours need not add up to demand hours. Contacts "
                       "do add up: delivered plus unmet equals demand."),
    Note("pay", "Cost per FTE is pay plus employer National Insurance and pension for the plan's financial year: the "
                "care-model salary at the role's pay point (Roles sheet), uplifted by the care model's pay awards "
                "when the plan is later than its price year, or the scenario's local override, which keeps the care "
                "model's proportions of pay and on-costs."),
    Note("arrs", "ARRS: the Additional Roles Reimbursement Scheme pays back up to a maximum a year per FTE for "
                 "eligible roles, only for staff above the role's ARRS baseline (additionality), never more than the "
                 "site pays for the role, and in all at most the network's envelope (pounds per weighted patient "
                 "times the weighted list); what the plan does not claim is lost (use it or lose it)."),
    Note("payers", "Payers: a role's cost may be shared by named payers (the mental health practitioner half the "
                   "site, half the mental health trust). 'site' is the capitated budget; other payers' shares are "
                   "shown but do not spend it."),
    Note("estate", "Room-sessions: a practice's clinical rooms in every session it opens (weekday mornings, "
                   "afternoons and evenings, and Saturdays). The mix gives each role's face-to-face work (its "
                   "services' face-to-face share, from the care model) room-sessions at the practices its patients "
                   "are registered with, up to the care model's share at another practice, counting the "
                   "patient-contact hours of one worked session per room-session."),
    Note("risk_share", "Risk/reward share: the capitated budget follows the registered list, so each practice's "
                       "share of cost and headroom is its share of the registered list. Its share of demand hours "
                       "is shown beside it for comparison."),
    Note("sessions", "Every rota session counts as 4 h 10 min (BMA model contract: 9 sessions in 37.5 h). The "
                     "evening session runs 18:30-20:00 but is paid as a session."),
    Note("codes", "Rota codes: the practice code, then the session: AM morning, PM afternoon, EVE evening, MDT the "
                  "weekly MDT meeting and admin session at the hub. Leave means annual or other leave. A blank "
                  "cell means not rostered that session. Colours repeat the practice code; they are never the "
                  "only signal."),
    Note("vacancy", "Vacancy posts are the FTE the mix plans beyond the named staff, in posts of at most one FTE. "
                    "Each has a home practice, where its role's work is needed most once the named staff are "
                    "counted (the Cover sheet's minimums for the role, else the contacts it gives each practice's "
                    "patients), and is rostered like anyone "
                    "based there."),
    Note("continuity", "Continuity is the share of clinical sessions (not the MDT) that staff with a home practice "
                       "work at their home practice."),
    Note("ltc", "LTC reviews are the care model's long-term-condition register review services (ids beginning "
                "ltc_)."),
    Note("penalty", "Soft-rule penalty points are the rota objective: each rule's weight (see Assumptions, rota "
                    "policy) times how far it was missed. Hard rules are never broken: the independent checker "
                    "re-reads the rota against every hard rule."),
    Note("fte_by_practice", "Rostered FTE equivalent: sessions a week rostered at the practice divided by the "
                            "role's sessions per FTE, averaged over the rota weeks; leave lowers it."),
    Note("judgement", "A judgement call is a planning assumption without a published figure behind it; its "
                      "reasoning is in the source column."),
    Note("rag", "RAG status: green, amber or red against the threshold written beside it. The thresholds are "
                "judgement calls for a board's first reading, not national standards, except where the threshold "
                "names one (the Network Contract DES hours, the site's own continuity limit)."),
    Note("england", "England's figures are general-practice FTE per 10,000 registered patients from NHS England's "
                    "workforce statistics (31 May 2025; the care model gives each source, and labels the derived "
                    "nurse and other-roles figures as judgements). Groups here follow the care model's staff groups: "
                    "its nurses include healthcare assistants (direct patient care in England's figures) and "
                    "district nurses (employed by community trusts, not in them), so the nurse line reads high; "
                    "England's GP figure leaves out GPs in training and PCN-employed ARRS GPs."),
)


def note(key: str) -> str:
    """``[note n]`` for a note key."""
    for number, item in enumerate(NOTES, start=1):
        if item.key == key:
            return f"[note {number}]"
    raise KeyError(key)

"""General rostering engine (CP-SAT): typed problem -> model -> solve -> report, plus an
independent checker. Knows nothing of Excel or PCH.

    from pch_workforce.rota import Problem, SolveOptions, solve, check_rota
    report = solve(problem, SolveOptions(deterministic_time_limit=30, seed=0))
    report.status, report.stopped_by, report.objective, report.best_bound, report.gap, report.rota
    check_rota(problem, report.rota).ok
"""

from pch_workforce.rota.checker import CheckResult, HardViolation, check_rota
from pch_workforce.rota.problem import (
    Assignment,
    Contract,
    CoverRequirement,
    DayShift,
    FairnessGroup,
    ForbiddenSameDay,
    ForbiddenSuccession,
    Location,
    MdtMeeting,
    Problem,
    Rota,
    ShiftRequest,
    ShiftType,
    Staff,
    StaffSession,
    SupervisorOnSite,
)
from pch_workforce.rota.report import InfeasibilityReason, RotaReport, SoftViolation, StoppedBy, UncoveredSession
from pch_workforce.rota.rules import HardRule, SoftRule
from pch_workforce.rota.solve import Progress, SolveOptions, solve

__all__ = [
    "Assignment",
    "CheckResult",
    "Contract",
    "CoverRequirement",
    "DayShift",
    "FairnessGroup",
    "ForbiddenSameDay",
    "ForbiddenSuccession",
    "HardRule",
    "HardViolation",
    "InfeasibilityReason",
    "Location",
    "MdtMeeting",
    "Problem",
    "Progress",
    "Rota",
    "RotaReport",
    "ShiftRequest",
    "ShiftType",
    "SoftRule",
    "SoftViolation",
    "SolveOptions",
    "Staff",
    "StaffSession",
    "StoppedBy",
    "SupervisorOnSite",
    "UncoveredSession",
    "check_rota",
    "solve",
]

"""The multi-year workforce trajectory: today's team to the team each year needs (issue 21)."""

from pch_workforce.trajectory.problem import Growth, RoleFlow, TrajectoryProblem, financial_year, grown_year
from pch_workforce.trajectory.solve import Trajectory, TrajectoryYear, solve_trajectory

__all__ = ["Growth", "RoleFlow", "Trajectory", "TrajectoryProblem", "TrajectoryYear", "financial_year",
           "grown_year", "solve_trajectory"]

"""The multi-year workforce trajectory: today's team to the team each year needs (issue 21)."""

from pch_workforce.trajectory.problem import RoleFlow, TrajectoryProblem, financial_year
from pch_workforce.trajectory.solve import Trajectory, TrajectoryYear, solve_trajectory

__all__ = ["RoleFlow", "Trajectory", "TrajectoryProblem", "TrajectoryYear", "financial_year", "solve_trajectory"]

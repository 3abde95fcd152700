"""ResumePilot: resumes written from what job seekers actually said."""

__version__ = "0.1.0"

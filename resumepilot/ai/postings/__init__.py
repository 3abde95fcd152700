"""Job postings: pasted text or a JSON Resume job file -> title, company, requirements (must or
nice) and weighted keywords; `cover` says whether a candidate's texts meet a requirement."""

from resumepilot.ai.postings.match import Evidence, cover, mentions
from resumepilot.ai.postings.models import Keyword, Posting, PostingError, Requirement
from resumepilot.ai.postings.reading import parse_posting, read_posting_file

__all__ = [
    "Evidence",
    "Keyword",
    "Posting",
    "PostingError",
    "Requirement",
    "cover",
    "mentions",
    "parse_posting",
    "read_posting_file",
]

"""The resume builder's endpoints: the JSON API (api.py), the list and generation pages
(pages.py) and the builder itself (builder.py). `router` carries them all for create_app."""

from __future__ import annotations

from fastapi import APIRouter

from resumepilot.resumes.routes.api import api
from resumepilot.resumes.routes.builder import builder
from resumepilot.resumes.routes.pages import pages

router = APIRouter()
router.include_router(api)
router.include_router(pages)
router.include_router(builder)

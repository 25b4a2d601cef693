"""Who may see and do what. Single-user local mode for now: everything is visible
and uploading is allowed. The access-control issue only changes these functions;
every view passes `allowed_communities(request)` into its `FilterParams.filters`."""
from __future__ import annotations

from fastapi import Request


def allowed_communities(request: Request) -> tuple[str, ...] | None:
    """The communities the caller may see; None means no restriction."""
    return None


def can_upload(request: Request) -> bool:
    """Whether the caller may upload documents (moderators)."""
    return True
